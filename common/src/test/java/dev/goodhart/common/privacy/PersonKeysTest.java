package dev.goodhart.common.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PersonKeysTest {

    private static final String KEY = "test-only-pseudonymisation-key-0123456789";

    @Test
    void matchesHmacSha256OfTheNormalisedIdentifier() {
        // Reference value from an independent implementation:
        // printf 'alice@example.com' | openssl dgst -sha256 -hmac "$KEY"
        assertEquals("50ca21aff4440387f8a7fa60ecae041c53ad546f424ea263c5b3f7558c6dba53",
                new PersonKeys(KEY).personKey("alice@example.com"));
        assertEquals(new PersonKeys(KEY).personKey("alice@example.com"),
                new PersonKeys(KEY).personKey("  Alice@Example.COM "));
    }

    @Test
    void oneInstanceGivesTheSameKeysWhenReusedAcrossCallsAndThreads() throws Exception {
        // One instance keeps a keyed Mac per thread: each call must start from a fresh state.
        PersonKeys keys = new PersonKeys(KEY);
        String alice = "50ca21aff4440387f8a7fa60ecae041c53ad546f424ea263c5b3f7558c6dba53";
        String bob = new PersonKeys(KEY).personKey("bob@example.com");
        assertNotEquals(alice, bob);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 64)
                    .mapToObj(i -> threads.submit(() -> IntStream.range(0, 200).allMatch(j -> (i + j) % 2 == 0
                            ? alice.equals(keys.personKey("alice@example.com"))
                            : bob.equals(keys.personKey(" BOB@example.com")))))
                    .toList();
            for (Future<Boolean> result : results) {
                assertEquals(true, result.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void differentKeysGiveUnrelatedPersonKeys() {
        assertNotEquals(new PersonKeys(KEY).personKey("alice@example.com"),
                new PersonKeys(KEY + "-rotated").personKey("alice@example.com"));
    }

    @Test
    void refusesShortKeys() {
        assertThrows(IllegalStateException.class, () -> new PersonKeys("short"));
    }
}
