package dev.goodhart.ingest.otlp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import io.quarkus.runtime.configuration.MemorySize;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;

/**
 * OTLP/HTTP bodies in and out: binary protobuf or OTLP/JSON, optionally gzip-compressed. OTLP/JSON is protobuf's JSON
 * mapping with two differences that are handled here: trace and span ids are hex rather than base64, and unknown fields
 * are ignored. (64-bit integers as strings or numbers and enums as integers are protobuf JSON already.)
 */
@ApplicationScoped
public class OtlpCodec {

    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";
    /** Id fields that OTLP/JSON writes in hex, under both of protobuf's JSON names. */
    private static final Set<String> HEX_ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id");
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ObjectMapper json;
    private final long maxBodySize;

    public OtlpCodec(ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    /** How a request body (and so its answer) is encoded. */
    public enum Encoding {
        PROTOBUF(OtlpCodec.PROTOBUF),
        JSON(OtlpCodec.JSON);

        final String mediaType;

        Encoding(String mediaType) {
            this.mediaType = mediaType;
        }

        static Encoding of(String contentType) {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
            return switch (type) {
                case OtlpCodec.PROTOBUF -> PROTOBUF;
                case OtlpCodec.JSON -> JSON;
                default -> throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "OTLP/HTTP bodies are application/x-protobuf or application/json");
            };
        }
    }

    /** The body as sent, gunzipped when it is gzip-encoded; a body that inflates beyond the size limit is refused. */
    byte[] decompress(byte[] body, String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return body;
        }
        if (!contentEncoding.trim().equalsIgnoreCase("gzip")) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding " + contentEncoding + " is not supported; send gzip or no encoding");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, body.length * 4));
            byte[] buffer = new byte[16 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (out.size() + read > maxBodySize) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                            "The decompressed body exceeds the limit of " + maxBodySize + " bytes; send smaller batches");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw malformed("The body is not valid gzip: " + e.getMessage());
        }
    }

    /** Parses an OTLP request of the builder's type; a body that is not one is refused with 400. */
    <B extends Message.Builder> B parse(byte[] body, Encoding encoding, B builder) {
        try {
            if (encoding == Encoding.PROTOBUF) {
                builder.mergeFrom(body);
            } else {
                JsonNode tree = json.readTree(body);
                if (tree == null || !tree.isObject()) {
                    throw malformed("An OTLP/JSON body is a JSON object");
                }
                hexIdsToBase64(tree);
                JSON_PARSER.merge(json.writeValueAsString(tree), builder);
            }
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw malformed("Not a valid OTLP " + (encoding == Encoding.PROTOBUF ? "protobuf" : "JSON") + " request: "
                    + e.getMessage());
        } catch (JsonProcessingException e) {
            throw malformed("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("The body cannot be read: " + e.getMessage());
        }
    }

    byte[] write(Message message, Encoding encoding) {
        if (encoding == Encoding.PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return JSON_PRINTER.print(message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("An OTLP response cannot be written as JSON", e);
        }
    }

    /**
     * A {@code google.rpc.Status} (code = 1, message = 2), the body OTLP/HTTP prescribes for errors to protobuf
     * clients; written by hand rather than pulling in the Google API protos for two fields.
     */
    static byte[] status(int grpcCode, String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, grpcCode);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node.isArray()) {
            node.forEach(OtlpCodec::hexIdsToBase64);
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (HEX_ID_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
                    field.setValue(object.textNode(base64OfHex(field.getKey(), field.getValue().asText())));
                } else {
                    hexIdsToBase64(field.getValue());
                }
            }
        }
    }

    private static String base64OfHex(String field, String hex) {
        if (hex.length() % 2 != 0) {
            throw malformed(field + " \"" + abbreviate(hex) + "\" is not hex (OTLP/JSON writes trace and span ids in hex)");
        }
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw malformed(field + " \"" + abbreviate(hex) + "\" is not hex (OTLP/JSON writes trace and span ids in hex)");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(ProblemType.MALFORMED_BODY, detail);
    }
}
