package dev.goodhart.scoring.week;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.goodhart.common.problem.ProblemException;

/** ISO weeks (UTC), named like {@code 2026-W47} and identified by their Monday. */
public final class IsoWeeks {

    public static final int MAX_WEEKS = 52;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final Pattern NAME = Pattern.compile("(\\d{4})-W(\\d{2})");

    private IsoWeeks() {
    }

    public static String name(LocalDate monday) {
        return String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The Monday of the ISO week (UTC) holding {@code instant}. */
    public static LocalDate monday(Instant instant) {
        return LocalDate.ofEpochDay(mondayEpochDay(instant.getEpochSecond()));
    }

    /** {@link #monday(Instant)} as an epoch day, without allocating: the feed applier asks for every event. */
    public static long mondayEpochDay(long epochSecond) {
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        // Epoch day 0 (1970-01-01) was a Thursday: Monday is three days back from it.
        return day - Math.floorMod(day + 3, 7);
    }

    public static Instant start(LocalDate monday) {
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Instant end(LocalDate monday) {
        return start(monday.plusWeeks(1));
    }

    public static LocalDate current(Clock clock) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /**
     * The Mondays of the {@code weeks} weeks ending with {@code until} (a week name; the current week when null), oldest
     * first. Bad values answer 400 naming the query parameter.
     */
    public static List<LocalDate> range(String until, String weeks, int defaultWeeks, Clock clock) {
        int count = count(weeks, defaultWeeks);
        LocalDate last = until == null || until.isBlank() ? current(clock) : parse(until);
        List<LocalDate> mondays = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            mondays.add(last.minusWeeks(i));
        }
        return mondays;
    }

    private static int count(String weeks, int defaultWeeks) {
        if (weeks == null || weeks.isBlank()) {
            return defaultWeeks;
        }
        try {
            int count = Integer.parseInt(weeks.trim());
            if (count >= 1 && count <= MAX_WEEKS) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw ProblemException.invalidField("weeks", "must be a whole number between 1 and " + MAX_WEEKS);
    }

    static LocalDate parse(String name) {
        Matcher matcher = NAME.matcher(name.trim());
        if (!matcher.matches()) {
            throw ProblemException.invalidField("until", "must be an ISO week like 2026-W47");
        }
        int year = Integer.parseInt(matcher.group(1));
        int week = Integer.parseInt(matcher.group(2));
        LocalDate firstWeek = LocalDate.of(year, 1, 4).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        long weeksInYear = LocalDate.of(year, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        if (week < 1 || week > weeksInYear) {
            throw ProblemException.invalidField("until", year + " has weeks 1 to " + weeksInYear);
        }
        return firstWeek.plusWeeks(week - 1L);
    }
}
