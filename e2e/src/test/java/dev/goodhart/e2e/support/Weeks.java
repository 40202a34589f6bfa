package dev.goodhart.e2e.support;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * A UTC ISO week far enough in the past that scoring-service has settled it: its end plus the linking window lies
 * before the newest event it has seen, so detectors judge it.
 */
public record Weeks(LocalDate monday) {

    public static Weeks settled() {
        LocalDate thisMonday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return new Weeks(thisMonday.minusWeeks(3));
    }

    /** {@code day} 0 is Monday; the time is UTC. */
    public Instant at(int day, int hour, int minute) {
        return monday.plusDays(day).atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    /** The week as scoring-service names it, e.g. {@code 2026-W45}. */
    public String isoWeek() {
        return "%d-W%02d".formatted(monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
