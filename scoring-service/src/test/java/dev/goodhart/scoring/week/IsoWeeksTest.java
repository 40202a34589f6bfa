package dev.goodhart.scoring.week;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

import org.junit.jupiter.api.Test;

class IsoWeeksTest {

    @Test
    void theMondayOfEveryInstantIsTheOneTheCalendarGives() {
        // Every six hours and a second, across 1970 and a few years around now, so every weekday and both sides of
        // midnight are met.
        for (long second = Instant.parse("1969-12-01T00:00:00Z").getEpochSecond();
                second < Instant.parse("1970-02-01T00:00:00Z").getEpochSecond(); second += 6 * 3_600 + 1) {
            assertMonday(Instant.ofEpochSecond(second));
        }
        for (long second = Instant.parse("2024-12-20T00:00:00Z").getEpochSecond();
                second < Instant.parse("2027-01-10T00:00:00Z").getEpochSecond(); second += 6 * 3_600 + 1) {
            assertMonday(Instant.ofEpochSecond(second));
        }
    }

    private static void assertMonday(Instant instant) {
        LocalDate expected = LocalDate.ofInstant(instant, ZoneOffset.UTC)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        assertEquals(expected, IsoWeeks.monday(instant), instant.toString());
        assertEquals(expected.toEpochDay(), IsoWeeks.mondayEpochDay(instant.getEpochSecond()), instant.toString());
    }
}
