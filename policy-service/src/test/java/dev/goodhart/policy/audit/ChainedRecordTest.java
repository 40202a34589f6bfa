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
