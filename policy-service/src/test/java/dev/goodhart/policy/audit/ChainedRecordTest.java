package dev.goodhart.policy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ChainedRecordTest {

    private static final UUID DECISION = UUID.fromString("7d1f9a52-4ad2-4f0b-9a55-0b1b3c0a4f10");
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00.123456Z");

    private static AuditContent content(String decision, BigDecimal cost, String request) {
        return new AuditContent(DECISION, "demo-agent", "alice@example.com", "deploy", "Service", "checkout", decision,
                "permit", decision, 1, List.of("deploy-to-staging"), List.of("Agents may deploy to staging"), null, 2000L,
                cost, request);
    }

    @Test
    void theDigestCoversEveryField() {
        String digest = content("allow", new BigDecimal("0.5"), "{\"a\":1}").digest();
        assertEquals(64, digest.length());
        assertNotEquals(digest, content("deny", new BigDecimal("0.5"), "{\"a\":1}").digest());
        assertNotEquals(digest, content("allow", new BigDecimal("0.6"), "{\"a\":1}").digest());
        assertNotEquals(digest, content("allow", null, "{\"a\":1}").digest());
        assertNotEquals(digest, content("allow", new BigDecimal("0.5"), "{\"a\":2}").digest());
    }

    @Test
    void theChainHashCoversPlaceTimeContentAndThePreviousHash() {
        String digest = content("allow", null, "{}").digest();
        String hash = new ChainedRecord(1, AT, digest, ChainedRecord.GENESIS).hash();
        assertNotEquals(hash, new ChainedRecord(2, AT, digest, ChainedRecord.GENESIS).hash());
        assertNotEquals(hash, new ChainedRecord(1, AT.plusNanos(1000), digest, ChainedRecord.GENESIS).hash());
        assertNotEquals(hash, new ChainedRecord(1, AT, content("deny", null, "{}").digest(), ChainedRecord.GENESIS).hash());
        assertNotEquals(hash, new ChainedRecord(1, AT, digest, "1".repeat(64)).hash());
    }

    /**
     * Digests computed by the version that wrote the first audit chains (a Jackson list of the fields): records already
     * stored must keep verifying, so these never change unless the hash format is versioned.
     */
    @Test
    void digestsAreThoseOfEarlierVersions() {
        AuditContent plain = content("allow", new BigDecimal("0.5"), "{\"a\":1}");
        AuditContent awkward = new AuditContent(DECISION, "agent-\u00fc\u0001\"\\/</x>", "zo\u00eb@ex\u00e4mple.com", "send_email",
                "Mailbox", "m\u2028\t\n", "deny", "forbid", "error", 7, List.of(),
                List.of("Reason with \"quotes\" and \\0 and emoji \uD83D\uDE00", "second"),
                UUID.fromString("00000000-0000-0000-0000-000000000001"), null, null,
                "{\"context\":{\"x\":[1,2.5,\"\u00e9\"]}}");
        assertEquals("0c609f8927db11a33f2e477d7d48070128073ddbb96be761045450817a24dd26", plain.digest());
        assertEquals("38f24ef084d929e8075ee40dc8ad2f22d0869c9d9910295c0c11e37a744845ed", awkward.digest());
        assertEquals("a62ac56bf394c51e90729fefcaa5e35632526b33edee1d99aeaf3e41ab1672ee",
                new ChainedRecord(1, AT, plain.digest(), ChainedRecord.GENESIS).hash());
        assertEquals("1807eb8e7533cfbc4e69a252c58adf228bc3b7f9a6b8db51d99517544ade4976",
                new ChainedRecord(Long.MAX_VALUE, Instant.parse("2026-11-24T10:00:00Z"), awkward.digest(), "f".repeat(64)).hash());
    }

    @Test
    void valuesAreHashedAsTheDatabaseGivesThemBack() {
        assertEquals(content("allow", new BigDecimal("0.5"), "{}").digest(), content("allow", new BigDecimal("0.5000"), "{}").digest());
        assertEquals(Instant.parse("2026-11-24T10:00:00.123456Z"),
                ChainedRecord.storedInstant(Instant.parse("2026-11-24T10:00:00.123456789Z")));
    }

    @Test
    void canonicalJsonIgnoresKeyOrderAndNumberSpelling() {
        assertEquals(CanonicalJson.write(CanonicalJson.read("{\"b\": 2000.0, \"a\": {\"y\": [1, 2], \"x\": null}}")),
                CanonicalJson.write(CanonicalJson.read("{\"a\": {\"x\": null, \"y\": [1, 2]}, \"b\": 2000}")));
        assertNotEquals(CanonicalJson.write(CanonicalJson.read("{\"a\": [1, 2]}")),
                CanonicalJson.write(CanonicalJson.read("{\"a\": [2, 1]}")));
    }
}
