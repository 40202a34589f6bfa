package dev.goodhart.scoring.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class FeedInstantsTest {

    @Test
    void readsEveryPrecisionOfUtcInstantsLikeInstantParse() {
        for (String text : new String[] { "2026-11-23T10:00:00Z", "2026-11-23T10:00:01.120Z", "2024-02-29T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "2000-03-01T00:00:00.5Z" }) {
            assertEquals(Instant.parse(text), FeedInstants.parse(text), text);
        }
    }

    @Test
    void offsetsTakeTheStandardParser() {
        assertEquals(Instant.parse("2026-11-23T09:00:00Z"), FeedInstants.parse("2026-11-23T10:00:00+01:00"));
    }

    @Test
    void impossibleDatesAreRefused() {
        assertThrows(DateTimeException.class, () -> FeedInstants.parse("2026-02-30T10:00:00Z"));
        assertThrows(DateTimeException.class, () -> FeedInstants.parse("yesterday"));
    }
}
