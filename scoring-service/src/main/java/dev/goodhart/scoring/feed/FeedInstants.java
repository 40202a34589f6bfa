package dev.goodhart.scoring.feed;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.Month;
import java.time.Year;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;

/**
 * Reads the feed's UTC timestamps ({@code 2026-11-23T10:00:00Z}, {@code 2026-11-23T10:00:01.120Z}) without a
 * DateTimeFormatter: two per event, ten million events per benchmark, and the formatter's parse dominated the
 * profile. Anything else (offsets, other precisions) takes the standard parser.
 */
final class FeedInstants {

    private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000 };

    private FeedInstants() {
    }

    /** The current string token as an instant; anything else is reported to Jackson as a mapping problem. */
    static Instant read(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
        String text = parser.getText();
        try {
            return parse(text);
        } catch (DateTimeException | ArithmeticException e) {
            return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
        }
    }

    static Instant parse(String text) {
        int length = text.length();
        if (length >= 20 && text.charAt(length - 1) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int nanos = 0;
            if (length > 20) {
                if (text.charAt(19) != '.' || length > 30) {
                    return OffsetDateTime.parse(text).toInstant();
                }
                int fraction = digits(text, 20, length - 21);
                nanos = fraction * POWERS[9 - (length - 21)];
            }
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= Month.of(month).length(Year.isLeap(year))
                    && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && nanos >= 0) {
                return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second,
                        nanos);
            }
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    /** Days since 1970-01-01 of a valid Gregorian date (H. Hinnant's days_from_civil), without allocating. */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** The number in {@code count} decimal digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        if (count <= 0) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
