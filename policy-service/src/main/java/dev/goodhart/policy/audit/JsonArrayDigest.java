package dev.goodhart.policy.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * SHA-256 (lower-case hex) of a JSON array written field by field: the audit chain's digests. The bytes are exactly
 * those {@code CanonicalJson.mapper().writeValueAsBytes(List.of(...))} gave for the same strings, numbers, nulls and
 * string lists (same generator, same escaping), so records written by earlier versions still verify; streaming them
 * straight into a per-thread buffer and digest just skips the boxing, the serializer lookup and a fresh digest per call.
 */
final class JsonArrayDigest {

    private static final JsonFactory JSON = CanonicalJson.mapper().getFactory();
    private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

    private JsonArrayDigest() {
    }

    /** {@code fields} writes the array's elements. */
    static String sha256(CanonicalJson.Body fields) {
        Hasher hasher = HASHERS.get();
        hasher.reset();
        try (JsonGenerator json = JSON.createGenerator(hasher)) {
            json.writeStartArray();
            fields.write(json);
            json.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot hash an audit record", e);
        }
        return hasher.hex();
    }

    static void writeStrings(JsonGenerator json, List<String> values) throws IOException {
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** The JSON text of one digest, reused by its thread. */
    private static final class Hasher extends ByteArrayOutputStream {

        private final MessageDigest sha256;

        Hasher() {
            super(1024);
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is unavailable", e);
            }
        }

        String hex() {
            sha256.update(buf, 0, count);
            String hex = HexFormat.of().formatHex(sha256.digest());
            if (buf.length > 64 * 1024) {
                buf = new byte[1024];   // one huge request must not pin its memory to the thread for good
            }
            return hex;
        }
    }
}
