package dev.goodhart.ingest.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class UtcInstantDeserializerTest {

    @Test
    void readsUtcTimestampsWithAndWithoutFractionsExactlyAsInstantParseDoes() {
        for (String text : new String[] { "2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5Z", "2026-11-23T10:00:00.123Z",
                "2026-11-23T23:59:59.123456789Z", "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z" }) {
            assertEquals(Instant.parse(text), UtcInstantDeserializer.parse(text), text);
        }
    }

    @Test
    void leavesEveryOtherFormAndEveryInvalidValueToJacksonsOwnDeserializer() {
        for (String text : new String[] { "2026-11-23T10:00:00+01:00", "2026-11-23T10:00:00z", "2026-11-23 10:00:00Z",
                "2026-11-23T10:00Z", "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00.1234567890Z", "2026-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T23:59:60Z", "2026-11-2xT10:00:00Z",
                "+2026-11-23T10:00:00Z", "yesterday", "" }) {
            assertNull(UtcInstantDeserializer.parse(text), text);
        }
    }
}
