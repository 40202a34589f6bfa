package dev.goodhart.policy.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One text for one value: object keys sorted, numbers without trailing zeros, no insignificant whitespace. Hashes of
 * the audit chain and of approval requests are taken over this form, so equal requests hash equally.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private CanonicalJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The canonical text of any value Jackson can map (records, maps, lists, JSON trees). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(canonical(MAPPER.valueToTree(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write canonical JSON", e);
        }
    }

    /** SHA-256 (lower-case hex) of the canonical text of a value. */
    public static String sha256(Object value) {
        return sha256(write(value));
    }

    /** SHA-256 (lower-case hex) of a text's UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Writes JSON with the canonical mapper's generator; the body must write object keys in sorted order itself. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * The text a body writes, for values whose canonical form is known field by field: the same text
     * {@link #write(Object)} gives, without building and sorting two trees first (the audit record of every decision).
     */
    public static String write(Body body) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(text)) {
            body.write(json);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write canonical JSON", e);
        }
        return text.toString();
    }

    /** Writes a JSON tree in canonical form: what {@link #write(Object)} writes for it. */
    public static void writeTree(JsonGenerator json, JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            json.writeNull();
        } else if (node.isObject()) {
            String[] names = new String[node.size()];
            int i = 0;
            for (Iterator<String> fields = node.fieldNames(); fields.hasNext();) {
                names[i++] = fields.next();
            }
            Arrays.sort(names);
            json.writeStartObject();
            for (String name : names) {
                json.writeFieldName(name);
                writeTree(json, node.get(name));
            }
            json.writeEndObject();
        } else if (node.isArray()) {
            json.writeStartArray();
            for (JsonNode element : node) {
                writeTree(json, element);
            }
            json.writeEndArray();
        } else if (node.isTextual()) {
            json.writeString(node.textValue());
        } else if (node.isBoolean()) {
            json.writeBoolean(node.booleanValue());
        } else {
            json.writeTree(canonical(node));   // numbers: normalised exactly as write(Object) does
        }
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), canonical(field.getValue()));
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            sorted.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> result.add(canonical(element)));
            return result;
        }
        if (node.isNumber()) {
            BigDecimal number = node.decimalValue().stripTrailingZeros();
            return number.scale() <= 0 && number.precision() - number.scale() <= 18
                    ? JsonNodeFactory.instance.numberNode(number.longValueExact())
                    : JsonNodeFactory.instance.numberNode(number);
        }
        return node;
    }
}
