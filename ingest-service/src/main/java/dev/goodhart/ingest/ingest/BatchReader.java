package dev.goodhart.ingest.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemMappers;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.ingest.config.IngestConfig;

/**
 * Reads a write request body: one JSON object, a JSON array of objects, or NDJSON (one object per line). A syntax
 * error refuses the whole request (nothing can be trusted after it); an item that is well-formed JSON but cannot be
 * bound (a string where a number belongs, an unknown enum value) becomes a per-item rejection naming its field.
 */
@ApplicationScoped
public class BatchReader {

    private final ObjectMapper mapper;
    private final int maxEvents;

    public BatchReader(ObjectMapper mapper, IngestConfig config) {
        // Refuse what Jackson would otherwise guess at: 1.5 tokens, or the same field twice with different values.
        this.mapper = mapper.copy()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        this.mapper.registerModule(new SimpleModule("utc-instants").addDeserializer(Instant.class,
                new UtcInstantDeserializer()));
        this.maxEvents = config.maxEventsPerRequest();
    }

    public static final String NDJSON = "application/x-ndjson";
    /** The {@code source} of events that arrive through the native JSON API. */
    public static final String NATIVE_SOURCE = "native";

    /** Reads the body as NDJSON or JSON according to its content type. */
    public <Q> Batch<Q> read(byte[] body, String contentType, Class<Q> type) {
        boolean ndjson = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(NDJSON);
        return ndjson ? readNdjson(body, type) : readJson(body, type);
    }

    /** The {@code atomic} query parameter: {@code true} asks for all-or-nothing; absent or {@code false}: partial. */
    public static boolean atomic(String parameter) {
        if (parameter == null || parameter.equals("false")) {
            return false;
        }
        if (parameter.equals("true") || parameter.isEmpty()) {
            return true;
        }
        throw ProblemException.invalidField("atomic", "must be true or false");
    }

    public <Q> Batch<Q> readJson(byte[] body, Class<Q> type) {
        ObjectReader reader = mapper.readerFor(type);
        boolean mayHoldNul = mayHoldNul(body, 0, body.length);
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("The body is empty; send a JSON object or an array of objects");
            }
            List<Incoming<Q>> items = new ArrayList<>();
            boolean single = first == JsonToken.START_OBJECT;
            if (single) {
                items.add(bind(reader, parser, 0, null, mayHoldNul));
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token == null) {
                        throw malformed("Malformed JSON: unexpected end of input inside the array");
                    }
                    checkCount(items.size() + 1);
                    items.add(token == JsonToken.START_OBJECT
                            ? bind(reader, parser, items.size(), null, mayHoldNul)
                            : notAnObject(parser, items.size(), null));
                }
            } else {
                throw malformed("Expected a JSON object or an array of objects" + location(parser));
            }
            if (parser.nextToken() != null) {
                throw malformed("Unexpected content after the JSON value" + location(parser));
            }
            return new Batch<>(items, single);
        } catch (JsonProcessingException e) {
            throw malformed("Malformed JSON" + location(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("The body cannot be read: " + e.getMessage());
        }
    }

    /** NDJSON: one object per line; blank lines are ignored. Errors name the 1-based line. */
    public <Q> Batch<Q> readNdjson(byte[] body, Class<Q> type) {
        ObjectReader reader = mapper.readerFor(type);
        List<Incoming<Q>> items = new ArrayList<>();
        int line = 0;
        for (int start = 0; start < body.length;) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            int length = end - start;
            if (length > 0 && body[end - 1] == '\r') {
                length--;
            }
            if (!isBlank(body, start, length)) {
                checkCount(items.size() + 1);
                items.add(readLine(reader, body, start, length, items.size(), line));
            }
            start = end + 1;
        }
        return new Batch<>(items, false);
    }

    private <Q> Incoming<Q> readLine(ObjectReader reader, byte[] body, int offset, int length, int index, int line) {
        try (JsonParser parser = mapper.getFactory().createParser(body, offset, length)) {
            JsonToken first = parser.nextToken();
            Incoming<Q> item = first == JsonToken.START_OBJECT
                    ? bind(reader, parser, index, line, mayHoldNul(body, offset, length))
                    : notAnObject(parser, index, line);
            if (parser.nextToken() != null) {
                throw malformed("Malformed NDJSON at line " + line + ": more than one JSON value on the line");
            }
            return item;
        } catch (JsonProcessingException e) {
            String column = e.getLocation() == null ? "" : ", column " + e.getLocation().getColumnNr();
            throw malformed("Malformed NDJSON at line " + line + column + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("The body cannot be read: " + e.getMessage());
        }
    }

    /**
     * Binds the object at the parser. A syntax error refuses the request (nothing after it can be trusted), while a
     * binding error only concerns this item: the rest of the item is skipped and reading goes on with the next one.
     * When the body may hold U+0000, the object is first copied into a buffer and scanned for it.
     */
    private <Q> Incoming<Q> bind(ObjectReader reader, JsonParser parser, int index, Integer line, boolean mayHoldNul)
            throws IOException {
        if (mayHoldNul) {
            return bindBuffered(reader, parser, index, line);
        }
        JsonStreamContext item = parser.getParsingContext();
        try {
            return Incoming.bound(index, line, reader.readValue(parser));
        } catch (JsonProcessingException e) {
            StreamReadException syntax = syntaxError(e);
            if (syntax != null) {
                throw syntax;
            }
            FieldError error = bindingError(e, parser, item);
            skipRestOf(item, parser);
            return Incoming.unreadable(index, line, error);
        }
    }

    /** The syntax error behind a binding failure, if any: databind wraps what the parser throws inside a property. */
    private static StreamReadException syntaxError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StreamReadException syntax) {
                return syntax;
            }
        }
        return null;
    }

    /** Reads on until the parser has left the item (whose object context is {@code item}). */
    private static void skipRestOf(JsonStreamContext item, JsonParser parser) throws IOException {
        while (within(parser.getParsingContext(), item)) {
            if (parser.nextToken() == null) {
                throw malformed("Malformed JSON: unexpected end of input inside an item");
            }
        }
    }

    private static boolean within(JsonStreamContext context, JsonStreamContext item) {
        for (JsonStreamContext at = context; at != null; at = at.getParent()) {
            if (at == item) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the object at the parser into a buffer first, which is scanned for U+0000 before it is bound: a syntax
     * error there refuses the request, while a binding error afterwards only concerns this item.
     */
    private <Q> Incoming<Q> bindBuffered(ObjectReader reader, JsonParser parser, int index, Integer line)
            throws IOException {
        // Without the outer parser's context, so that paths of errors start at the item.
        TokenBuffer buffer = new TokenBuffer(parser.getCodec(), false);
        buffer.copyCurrentStructure(parser);
        FieldError unstorable = nulCharacter(buffer.asParser(parser.getCodec()));
        if (unstorable != null) {
            return Incoming.unreadable(index, line, unstorable);
        }
        JsonParser item = buffer.asParser(parser.getCodec());
        try {
            return Incoming.bound(index, line, reader.readValue(item));
        } catch (JsonProcessingException e) {
            return Incoming.unreadable(index, line, bindingError(e, item, null));
        }
    }

    /**
     * Whether the JSON text may contain U+0000: JSON can only carry it as the escape {@code \u0000} (a raw control
     * character is a syntax error), so bodies without that byte sequence skip the per-item scan for it.
     */
    static boolean mayHoldNul(byte[] body, int offset, int length) {
        for (int i = offset, end = offset + length - 5; i < end; i++) {
            if (body[i] == '\\' && body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0' && body[i + 4] == '0'
                    && body[i + 5] == '0') {
                return true;
            }
        }
        return false;
    }

    /** PostgreSQL text cannot hold U+0000: refuse it per item rather than fail the whole write. */
    private static FieldError nulCharacter(JsonParser item) throws IOException {
        for (JsonToken token = item.nextToken(); token != null; token = item.nextToken()) {
            if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) && item.getText().indexOf('\0') >= 0) {
                String field = contextPath(item.getParsingContext(), null);
                return new FieldError(field.isEmpty() ? null : field, "must not contain the NUL character (U+0000)");
            }
        }
        return null;
    }

    private <Q> Incoming<Q> notAnObject(JsonParser parser, int index, Integer line) throws IOException {
        parser.skipChildren();
        return Incoming.unreadable(index, line, new FieldError(null, "must be a JSON object"));
    }

    private void checkCount(int count) {
        if (count > maxEvents) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "At most " + maxEvents + " events per request; split the batch");
        }
    }

    /** The binding error of an item; {@code item} is its object context in the parser, or null at the parser's root. */
    static FieldError bindingError(JsonProcessingException e, JsonParser parser, JsonStreamContext item) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? ProblemMappers.jsonPath(mapping.getPath())
                : contextPath(parser.getParsingContext(), item);
        return new FieldError(field.isEmpty() ? null : field, describe(e));
    }

    private static String describe(JsonProcessingException e) {
        Class<?> target = e instanceof MismatchedInputException mismatched ? mismatched.getTargetType() : null;
        if (target != null && target.isEnum()) {
            String accepted = Arrays.stream(target.getEnumConstants())
                    .map(constant -> constant.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            Object value = e instanceof InvalidFormatException invalid ? invalid.getValue() : null;
            return (value == null ? "not a known value" : "unknown value \"" + value + "\"") + "; expected one of: "
                    + accepted;
        }
        if (target == null) {
            return e.getOriginalMessage();
        }
        if (target == Instant.class) {
            return "must be an ISO-8601 timestamp such as 2026-11-23T10:00:00Z";
        }
        if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return "must be a whole number";
        }
        if (target == java.math.BigDecimal.class) {
            return "must be a number";
        }
        if (target == String.class) {
            return "must be a string";
        }
        return "must be a JSON " + (java.util.Map.class.isAssignableFrom(target) || target.isRecord() ? "object" : "value");
    }

    /** The path of {@code context} from inside {@code item} (the item's own object context; null: from the root). */
    private static String contextPath(JsonStreamContext context, JsonStreamContext item) {
        List<String> parts = new ArrayList<>();
        JsonStreamContext outside = item == null ? null : item.getParent();
        for (JsonStreamContext at = context; at != null && at != outside && !at.inRoot(); at = at.getParent()) {
            if (at.inObject() && at.getCurrentName() != null) {
                parts.add(0, at.getCurrentName());
            } else if (at.inArray()) {
                parts.add(0, "[" + Math.max(at.getCurrentIndex(), 0) + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static boolean isBlank(byte[] body, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private static String location(JsonParser parser) {
        return " at line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(ProblemType.MALFORMED_BODY, detail);
    }
}
