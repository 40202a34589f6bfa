package dev.goodhart.scoring.feed;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
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

    /** The names of the contract's record fields (those read and those skipped); see {@link #next}. */
    private static final List<String> FIELDS = List.of("type", "id", "source", "occurredAt", "receivedAt", "personKey",
            "team", "agent", "provider", "model", "operation", "inputTokens", "cacheReadTokens", "cacheWriteTokens",
            "outputTokens", "reasoningTokens", "costUsd", "sessionId", "taskId", "traceId", "trigger", "artifact",
            "promptFingerprint", "kind", "ref", "primaryTeam", "teams", "managerKey", "active", "attributes");
    private static final Map<String, Integer> ORDINALS = IntStream.range(0, FIELDS.size()).boxed()
            .collect(Collectors.toUnmodifiableMap(FIELDS::get, Function.identity()));
    private static final List<Prediction> PREDICTIONS = IntStream.range(0, FIELDS.size())
            .mapToObj(ordinal -> new Prediction(new SerializedString(FIELDS.get(ordinal)), ordinal)).toList();
    /** The slots of "before the first field" and "after a field the contract does not name". */
    private static final int START = FIELDS.size();
    private static final int UNKNOWN = START + 1;

    /**
     * Per field (and for the start of a record), the contract field that followed it in the last record. A feed writes
     * the fields of its records in one order, so the next name is nearly always this one, and Jackson then compares
     * its bytes instead of decoding and looking up the name: name lookups were a fifth of the parsing profile. Shared
     * by the threads that parse; a stale entry only costs a normal lookup.
     */
    private final Prediction[] next = new Prediction[UNKNOWN + 1];

    private record Prediction(SerializedString name, int ordinal) {
    }

    public FeedEventDeserializer() {
        super(FeedEvent.class);
    }

    /** The next field's name, null at the end of the record. */
    private String nextFieldName(JsonParser parser, int previous) throws IOException {
        Prediction predicted = next[previous];
        if (predicted == null) {
            return parser.nextFieldName();
        }
        if (parser.nextFieldName(predicted.name())) {
            return predicted.name().getValue();
        }
        return parser.currentToken() == JsonToken.FIELD_NAME ? parser.currentName() : null;
    }

    /** Remembers that {@code field} followed {@code previous}; answers the slot of {@code field}. */
    private int learn(int previous, String field) {
        Prediction predicted = next[previous];
        if (predicted != null && predicted.name().getValue().equals(field)) {
            return predicted.ordinal();
        }
        Integer ordinal = ORDINALS.get(field);
        next[previous] = ordinal == null ? null : PREDICTIONS.get(ordinal);
        return ordinal == null ? UNKNOWN : ordinal;
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
        int previous = START;
        for (String field = nextFieldName(parser, previous); field != null; field = nextFieldName(parser, previous)) {
            previous = learn(previous, field);
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
