package dev.goodhart.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class UtcInstantsTest {

    @Test
    void readsUtcTimestampsWithAndWithoutFractionsExactlyAsInstantParseDoes() {
        for (String text : new String[] { "2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5Z", "2026-11-23T10:00:00.123Z",
                "2026-11-23T23:59:59.123456789Z", "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z" }) {
            assertEquals(Instant.parse(text), UtcInstants.parse(text), text);
        }
    }

    @Test
    void answersNothingForEveryOtherFormAndEveryInvalidValue() {
        for (String text : new String[] { "2026-11-23T10:00:00+01:00", "2026-11-23T10:00:00z", "2026-11-23 10:00:00Z",
                "2026-11-23T10:00Z", "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00.1234567890Z", "2026-02-29T00:00:00Z",
                "2026-02-30T00:00:00Z", "2026-00-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-00T00:00:00Z",
                "2026-11-23T24:00:00Z", "2026-11-23T23:59:60Z", "2026-11-2xT10:00:00Z", "+2026-11-23T10:00:00Z",
                "yesterday", "" }) {
            assertNull(UtcInstants.parse(text), text);
        }
    }

    @Test
    void epochDaysMatchLocalDate() {
        for (LocalDate date = LocalDate.of(1899, 12, 25); date.isBefore(LocalDate.of(2101, 1, 10)); date = date.plusDays(1)) {
            assertEquals(date.toEpochDay(), UtcInstants.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()));
        }
    }
}
