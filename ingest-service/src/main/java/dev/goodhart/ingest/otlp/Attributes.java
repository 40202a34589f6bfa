package dev.goodhart.ingest.otlp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import dev.goodhart.common.problem.FieldError;

/**
 * OTLP attributes of one item with those of its resource underneath (the item's own win), read the lenient way OTLP
 * senders require: a count may arrive as an int, a double without fraction or a numeric string.
 */
final class Attributes {

    private final Map<String, AnyValue> values;

    private Attributes(Map<String, AnyValue> values) {
        this.values = values;
    }

    static Attributes of(List<KeyValue> attributes) {
        return new Attributes(toMap(attributes));
    }

    /** These attributes overlaid with {@code item}'s. */
    Attributes with(List<KeyValue> item) {
        Map<String, AnyValue> merged = new TreeMap<>(values);
        merged.putAll(toMap(item));
        return new Attributes(merged);
    }

    private static Map<String, AnyValue> toMap(List<KeyValue> attributes) {
        Map<String, AnyValue> map = new TreeMap<>();
        attributes.forEach(attribute -> map.put(attribute.getKey(), attribute.getValue()));
        return map;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    boolean hasAny(Set<String> keys) {
        return keys.stream().anyMatch(values::containsKey);
    }

    /** The first of the keys that is set to a non-blank value, as text. */
    String text(String... keys) {
        for (String key : keys) {
            AnyValue value = values.get(key);
            if (value != null) {
                String text = switch (value.getValueCase()) {
                    case STRING_VALUE -> value.getStringValue();
                    case INT_VALUE -> Long.toString(value.getIntValue());
                    case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                    case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                    default -> null;
                };
                if (text != null && !text.isBlank()) {
                    return text;
                }
            }
        }
        return null;
    }

    /** A whole, non-negative count; a value that is not one adds a field error and answers null. */
    Long count(String key, List<FieldError> errors) {
        Double number = number(key, errors);
        if (number == null) {
            return null;
        }
        if (number < 0 || number != Math.rint(number) || number > Long.MAX_VALUE) {
            errors.add(new FieldError(key, "must be a whole number of at least 0"));
            return null;
        }
        return number.longValue();
    }

    /** The first of the keys that is set, as a count. */
    Long firstCount(List<FieldError> errors, String... keys) {
        for (String key : keys) {
            if (values.containsKey(key)) {
                return count(key, errors);
            }
        }
        return null;
    }

    Double number(String key, List<FieldError> errors) {
        AnyValue value = values.get(key);
        if (value == null) {
            return null;
        }
        switch (value.getValueCase()) {
            case INT_VALUE:
                return (double) value.getIntValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case STRING_VALUE:
                try {
                    return Double.parseDouble(value.getStringValue().trim());
                } catch (NumberFormatException e) {
                    errors.add(new FieldError(key, "must be a number"));
                    return null;
                }
            default:
                errors.add(new FieldError(key, "must be a number"));
                return null;
        }
    }

    /** A stable text of every attribute but {@code except}, for identities and hashes. */
    String canonical(Set<String> except) {
        return values.entrySet().stream().filter(entry -> !except.contains(entry.getKey()))
                .map(entry -> entry.getKey() + "=" + render(entry.getValue()))
                .collect(Collectors.joining("\u001f"));
    }

    /** A value as stable text: its type and content, nested values included. */
    static String render(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> "s:" + value.getStringValue();
            case BOOL_VALUE -> "b:" + value.getBoolValue();
            case INT_VALUE -> "i:" + value.getIntValue();
            case DOUBLE_VALUE -> "d:" + value.getDoubleValue();
            case BYTES_VALUE -> "x:" + HexFormat.of().formatHex(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(Attributes::render)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream()
                    .map(entry -> entry.getKey() + "=" + render(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
            default -> "";
        };
    }

    /** The first 32 hex digits of SHA-256 of the parts: a stable id from a source's own identity of an item. */
    static String hash(String... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(String.join("\u001e", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
