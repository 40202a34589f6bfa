package dev.goodhart.common.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void differentKeysGiveUnrelatedPersonKeys() {
        assertNotEquals(new PersonKeys(KEY).personKey("alice@example.com"),
                new PersonKeys(KEY + "-rotated").personKey("alice@example.com"));
    }

    @Test
    void refusesShortKeys() {
        assertThrows(IllegalStateException.class, () -> new PersonKeys("short"));
    }
}
