package dev.goodhart.scoring.feed;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;

import dev.goodhart.common.time.UtcInstants;

/**
 * Reads the feed's timestamps, two per event: the UTC form the feed sends by {@link UtcInstants} (a formatter's parse
 * dominated the feed's profile), anything else (offsets) by the standard parser.
 */
final class FeedInstants {

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

    /** A UTC timestamp by {@link UtcInstants}, any other ISO-8601 form by the standard parser. */
    static Instant parse(String text) {
        Instant utc = UtcInstants.parse(text);
        return utc != null ? utc : OffsetDateTime.parse(text).toInstant();
    }
}
