package dev.goodhart.scoring.feed;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Reads one feed record field by field with Jackson's streaming parser. Profiling the benchmark showed the generic
 * record deserialisation (a property buffer per record, a creator call through reflection) costing more CPU than
 * storing the events; this does the same mapping without it. Unknown fields (e.g. {@code managerKey}) are skipped,
 * as {@code @JsonIgnoreProperties(ignoreUnknown = true)} would; of {@code attributes} only the two that change what a
 * record counts as are read (see {@link FeedEvent.Attributes}).
 */
@RegisterForReflection
public class FeedEventDeserializer extends StdDeserializer<FeedEvent> {

    public FeedEventDeserializer() {
        super(FeedEvent.class);
    }

    @Override
    public FeedEvent deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return (FeedEvent) context.handleUnexpectedToken(FeedEvent.class, parser);
        }
        String type = null, id = null, personKey = null, team = null, agent = null, sessionId = null, taskId = null;
        String traceId = null, trigger = null;
        String promptFingerprint = null, kind = null, ref = null, primaryTeam = null;
        Instant occurredAt = null, receivedAt = null;
        Long inputTokens = null, cacheReadTokens = null, cacheWriteTokens = null, outputTokens = null, reasoningTokens = null;
        BigDecimal costUsd = null;
        FeedEvent.Artifact artifact = null;
        List<String> teams = null;
        Boolean active = null;
        FeedEvent.Attributes attributes = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "type" -> type = text(parser, context, value);
                case "id" -> id = text(parser, context, value);
                case "occurredAt" -> occurredAt = instant(parser, context, value);
                case "receivedAt" -> receivedAt = instant(parser, context, value);
                case "personKey" -> personKey = text(parser, context, value);
                case "team" -> team = text(parser, context, value);
                case "agent" -> agent = text(parser, context, value);
                case "inputTokens" -> inputTokens = count(parser, context, value);
                case "cacheReadTokens" -> cacheReadTokens = count(parser, context, value);
                case "cacheWriteTokens" -> cacheWriteTokens = count(parser, context, value);
                case "outputTokens" -> outputTokens = count(parser, context, value);
                case "reasoningTokens" -> reasoningTokens = count(parser, context, value);
                case "costUsd" -> costUsd = decimal(parser, context, value);
                case "sessionId" -> sessionId = text(parser, context, value);
                case "taskId" -> taskId = text(parser, context, value);
                case "traceId" -> traceId = text(parser, context, value);
                case "trigger" -> trigger = text(parser, context, value);
                case "artifact" -> artifact = value == JsonToken.VALUE_NULL ? null
                        : context.readValue(parser, FeedEvent.Artifact.class);
                case "promptFingerprint" -> promptFingerprint = text(parser, context, value);
                case "kind" -> kind = text(parser, context, value);
                case "ref" -> ref = text(parser, context, value);
                case "primaryTeam" -> primaryTeam = text(parser, context, value);
                case "teams" -> teams = strings(parser, context, value);
                case "active" -> active = value == JsonToken.VALUE_NULL ? null : context.readValue(parser, Boolean.class);
                case "attributes" -> attributes = attributes(parser, value);
                // Strings left unread are skipped without being decoded; objects and arrays are skipped whole.
                default -> parser.skipChildren();
            }
        }
        return new FeedEvent(type, id, occurredAt, receivedAt, personKey, team, agent, inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens, reasoningTokens, costUsd, sessionId, taskId,
                traceId, trigger, artifact, promptFingerprint, kind, ref, primaryTeam, teams, active, attributes);
    }

    /**
     * {@code goodhart.tokens_reported} and {@code count} of a record's free attributes; every other attribute is skipped
     * unread. Null when neither is there (the common case: nothing is allocated).
     */
    private static FeedEvent.Attributes attributes(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        Boolean tokensReported = null;
        Long count = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken attribute = parser.nextToken();
            switch (name) {
                case FeedEvent.Attributes.TOKENS_REPORTED -> tokensReported = flag(parser, attribute);
                case FeedEvent.Attributes.COUNT -> count = wholeNumber(parser, attribute);
                default -> parser.skipChildren();
            }
        }
        return tokensReported == null && count == null ? null : new FeedEvent.Attributes(tokensReported, count);
    }

    /** A boolean attribute; {@code "true"}/{@code "false"} as text count too, anything else is absent. */
    private static Boolean flag(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> "false".equalsIgnoreCase(parser.getText().trim()) ? Boolean.FALSE
                    : "true".equalsIgnoreCase(parser.getText().trim()) ? Boolean.TRUE : null;
            default -> {
                parser.skipChildren();
                yield null;
            }
        };
    }

    /**
     * A whole number as a long (3.0 is 3); null for JSON null; {@link FeedEvent.Attributes#NOT_A_COUNT} for anything
     * else, including numbers too large for a long, so that the record is refused rather than miscounted.
     */
    private static Long wholeNumber(JsonParser parser, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? FeedEvent.Attributes.NOT_A_COUNT
                        : parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal number = parser.getDecimalValue();
                try {
                    return number.longValueExact();
                } catch (ArithmeticException e) {
                    return FeedEvent.Attributes.NOT_A_COUNT;
                }
            }
            default -> {
                parser.skipChildren();
                return FeedEvent.Attributes.NOT_A_COUNT;
            }
        }
    }

    private static String text(JsonParser parser, DeserializationContext context, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        return value == JsonToken.VALUE_NULL ? null : (String) context.handleUnexpectedToken(String.class, parser);
    }

    private static Instant instant(JsonParser parser, DeserializationContext context, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : FeedInstants.read(parser, context);
    }

    private static Long count(JsonParser parser, DeserializationContext context, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        return value == JsonToken.VALUE_NULL ? null : context.readValue(parser, Long.class);
    }

    private static BigDecimal decimal(JsonParser parser, DeserializationContext context, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDecimalValue();
        }
        return value == JsonToken.VALUE_NULL ? null : context.readValue(parser, BigDecimal.class);
    }

    private static List<String> strings(JsonParser parser, DeserializationContext context, JsonToken value)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            return List.of(text(parser, context, value));
        }
        List<String> values = new ArrayList<>();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            values.add(text(parser, context, item));
        }
        return values;
    }
}
