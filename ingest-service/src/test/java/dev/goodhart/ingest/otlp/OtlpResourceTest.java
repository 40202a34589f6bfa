package dev.goodhart.ingest.otlp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;

import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.UsageRows;

/** OTLP/HTTP's protocol rules, with hand-made requests: encodings, partial success, failures, overload, series state. */
@QuarkusTest
class OtlpResourceTest {

    private static final String PROTOBUF = "application/x-protobuf";

    @Inject
    UsageRows rows;

    @Inject
    OtlpLimiter limiter;

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static Span.Builder genAiSpan(String conversation) {
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(traceId);
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(spanId);
        long start = (Instant.now().getEpochSecond() - 60) * 1_000_000_000L;
        return Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                .setName("chat").setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000_000)
                .addAttributes(attribute("gen_ai.conversation.id", conversation))
                .addAttributes(attribute("gen_ai.usage.input_tokens", 100))
                .addAttributes(attribute("gen_ai.usage.output_tokens", 10));
    }

    private static ExportTraceServiceRequest request(Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    private static Response post(String path, String contentType, byte[] body) {
        return given().contentType(contentType).body(body).post(path);
    }

    /** A google.rpc.Status read field by field: code (1) and message (2). */
    private static Map<Integer, Object> status(byte[] body) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(body);
        Map<Integer, Object> fields = new java.util.HashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == 8) {
                fields.put(1, in.readInt32());
            } else if (tag == 18) {
                fields.put(2, in.readString());
            } else {
                in.skipField(tag);
            }
        }
        return fields;
    }

    @Test
    @TestSecurity(user = "gateway", roles = Roles.USAGE_WRITER)
    void theVcsAttributesOfASpanNameThePullRequestItWorkedOn() {
        String withVcs = "conv-vcs-" + UUID.randomUUID();
        String explicit = "conv-artifact-" + UUID.randomUUID();
        String neither = "conv-plain-" + UUID.randomUUID();
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(attribute("user.email", "erin@example.com"))
                        .addAttributes(attribute("vcs.repository.url.full", "https://github.com/acme/shop.git")))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(genAiSpan(withVcs).addAttributes(attribute("vcs.change.id", "42")))
                        .addSpans(genAiSpan(explicit).addAttributes(attribute("goodhart.artifact.kind", "doc"))
                                .addAttributes(attribute("goodhart.artifact.ref", "https://wiki.example.com/runbook")))
                        .addSpans(genAiSpan(neither))))
                .build();
        post("/v1/traces", PROTOBUF, export.toByteArray()).then().statusCode(200);

        Map<String, Object> pullRequest = rows.where("usage_event", "session_id", withVcs).get(0);
        assertEquals("pull_request", pullRequest.get("artifact_kind"));
        assertEquals("https://github.com/acme/shop/pull/42", pullRequest.get("artifact_ref"));
        Map<String, Object> document = rows.where("usage_event", "session_id", explicit).get(0);
        assertEquals("doc", document.get("artifact_kind"));
        assertEquals("https://wiki.example.com/runbook", document.get("artifact_ref"));
        assertEquals(null, rows.where("usage_event", "session_id", neither).get(0).get("artifact_ref"));
    }

    @Test
    @TestSecurity(user = "gateway", roles = Roles.USAGE_WRITER)
    void otlpJsonWithHexIdsStringIntegersEnumNumbersAndUnknownFieldsIsAccepted() {
        String conversation = "conv-json-" + UUID.randomUUID();
        String traceId = HexFormat.of().formatHex(UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .getBytes());
        long start = (Instant.now().getEpochSecond() - 120) * 1_000_000_000L;
        String body = """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "user.id", "value": {"stringValue": "dave@example.com"}}]},
                  "futureField": {"nested": [1, 2]},
                  "scopeSpans": [{"scope": {"name": "gateway"}, "spans": [{
                    "traceId": "%s", "spanId": "00f067aa0ba902b7", "parentSpanId": "",
                    "name": "chat gpt-4o", "kind": 3, "startTimeUnixNano": "%d", "endTimeUnixNano": %d,
                    "status": {"code": 1},
                    "attributes": [
                      {"key": "gen_ai.conversation.id", "value": {"stringValue": "%s"}},
                      {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "1500"}},
                      {"key": "gen_ai.usage.cache_read.input_tokens", "value": {"intValue": 1000}},
                      {"key": "gen_ai.usage.output_tokens", "value": {"doubleValue": 42.0}},
                      {"key": "gen_ai.request.temperature", "value": {"doubleValue": 0.2}}],
                    "someNewSpanField": true}]}]}]}
                """.formatted(traceId, start, start + 5_000_000, conversation);
        post("/v1/traces", "application/json", body.getBytes()).then().log().ifValidationFails()
                .statusCode(200).contentType("application/json").body(equalTo("{}"));
        List<Map<String, Object>> stored = rows.where("usage_event", "session_id", conversation);
        assertEquals(1, stored.size());
        assertEquals(traceId, stored.get(0).get("trace_id"));
        assertEquals("otlp-span-" + traceId + "-00f067aa0ba902b7", stored.get(0).get("event_id"));
        assertEquals(500L, stored.get(0).get("input_tokens"));
        assertEquals(1000L, stored.get(0).get("cache_read_tokens"));
        assertEquals(42L, stored.get(0).get("output_tokens"));
        assertEquals(Instant.ofEpochSecond(0, start), stored.get(0).get("occurred_at"));
    }

    @Test
    @TestSecurity(user = "gateway", roles = Roles.USAGE_WRITER)
    void rejectedSpansAreCountedInPartialSuccessInTheRequestEncoding() throws IOException {
        String conversation = "conv-partial-" + UUID.randomUUID();
        ExportTraceServiceRequest request = request(
                genAiSpan(conversation).addAttributes(attribute("enduser.id", "erin@example.com")).build(),
                genAiSpan(conversation).build(),
                genAiSpan(conversation).addAttributes(attribute("enduser.id", "erin@example.com"))
                        .addAttributes(attribute("gen_ai.usage.reasoning.output_tokens", -5)).build(),
                genAiSpan(conversation).addAttributes(attribute("enduser.id", "erin@example.com"))
                        .setStartTimeUnixNano((Instant.now().getEpochSecond() + 86_400) * 1_000_000_000L).build());
        Response protobuf = post("/v1/traces", PROTOBUF, request.toByteArray());
        protobuf.then().statusCode(200).contentType(PROTOBUF);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(protobuf.asByteArray());
        assertEquals(3, answer.getPartialSuccess().getRejectedSpans());
        String message = answer.getPartialSuccess().getErrorMessage();
        assertTrue(message.contains("enduser.id") && message.contains("gen_ai.usage.reasoning.output_tokens")
                && message.contains("occurredAt"), message);
        assertEquals(1, rows.where("usage_event", "session_id", conversation).size());

        String json = com.google.protobuf.util.JsonFormat.printer().print(request(genAiSpan("conv-" + UUID.randomUUID()).build()))
                .replaceAll("\"traceId\": \"[^\"]*\"", "\"traceId\": \"5b8efff798038103d269b633813fc60c\"")
                .replaceAll("\"spanId\": \"[^\"]*\"", "\"spanId\": \"" + HexFormat.of().formatHex(
                        java.nio.ByteBuffer.allocate(8).putLong(System.nanoTime()).array()) + "\"");
        post("/v1/traces", "application/json", json.getBytes()).then().log().ifValidationFails()
                .statusCode(200).contentType("application/json")
                .body("partialSuccess.rejectedSpans", equalTo("1"))
                .body("partialSuccess.errorMessage", containsString("enduser.id"));
    }

    @Test
    @TestSecurity(user = "gateway", roles = Roles.USAGE_WRITER)
    void malformedPayloadsAreRefusedWith400InTheRequestEncoding() throws IOException {
        Response garbage = post("/v1/traces", PROTOBUF, new byte[] { 0x0a, (byte) 0xff, 0x01, 0x02 });
        garbage.then().statusCode(400).contentType(PROTOBUF);
        Map<Integer, Object> status = status(garbage.asByteArray());
        assertEquals(3, status.get(1), "google.rpc.Code INVALID_ARGUMENT");
        assertTrue(status.get(2).toString().contains("protobuf"), status.toString());

        post("/v1/metrics", "application/json", "{\"resourceMetrics\": [".getBytes()).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"));
        post("/v1/logs", "application/json", "[1, 2]".getBytes()).then().statusCode(400)
                .contentType("application/problem+json");
        post("/v1/traces", "application/json", """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "not-hex!", "spanId": "00f067aa0ba902b7"}]}]}]}
                """.getBytes()).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("traceId"));
        post("/v1/traces", "application/json", """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "yesterday"}]}]}]}
                """.getBytes()).then().statusCode(400).contentType("application/problem+json");
        given().contentType(PROTOBUF).header("Content-Encoding", "gzip").body(new byte[] { 1, 2, 3 }).post("/v1/traces")
                .then().statusCode(400).contentType(PROTOBUF);
        given().contentType(PROTOBUF).header("Content-Encoding", "br").body(new byte[] { 1 }).post("/v1/traces")
                .then().statusCode(415);
        post("/v1/traces", "text/plain", "hello".getBytes()).then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "gateway", roles = Roles.USAGE_WRITER)
    void gzipBodiesAreInflatedAndInflationBeyondTheLimitIsRefused() throws IOException {
        String conversation = "conv-gzip-" + UUID.randomUUID();
        byte[] request = request(genAiSpan(conversation).addAttributes(attribute("enduser.id", "finn@example.com"))
                .build()).toByteArray();
        given().contentType(PROTOBUF).header("Content-Encoding", "gzip").body(gzip(request)).post("/v1/traces")
                .then().statusCode(200).contentType(PROTOBUF);
        assertEquals(1, rows.where("usage_event", "session_id", conversation).size());

        byte[] bomb = gzip(new byte[21 * 1024 * 1024]);
        assertTrue(bomb.length < 1024 * 1024, "small on the wire");
        Response refused = given().contentType(PROTOBUF).header("Content-Encoding", "gzip").body(bomb).post("/v1/traces");
        refused.then().statusCode(413).contentType(PROTOBUF);
        assertEquals(8, status(refused.asByteArray()).get(1), "google.rpc.Code RESOURCE_EXHAUSTED");
    }

    @Test
    @TestSecurity(user = "gateway", roles = Roles.USAGE_WRITER)
    void overloadIsAnswered429WithRetryAfterWhichOtlpClientsHonour() throws IOException {
        int taken = 0;
        try {
            while (limiter.tryAcquire()) {
                taken++;
            }
            assertTrue(taken > 0);
            Response refused = post("/v1/traces", PROTOBUF, request().toByteArray());
            refused.then().statusCode(429).contentType(PROTOBUF).header("Retry-After", notNullValue());
            assertEquals(8, status(refused.asByteArray()).get(1));
            post("/v1/metrics", "application/json", "{}".getBytes()).then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", equalTo("2"))
                    .body("type", equalTo("https://goodhart.dev/problems/too-many-requests"));
        } finally {
            for (int i = 0; i < taken; i++) {
                limiter.release();
            }
        }
        post("/v1/traces", PROTOBUF, request().toByteArray()).then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "claude-code", roles = Roles.USAGE_WRITER)
    void cumulativeSeriesAreConvertedAcrossRequestsResetsAndSenderRestarts() {
        String session = "cc-cumulative-" + UUID.randomUUID();
        long base = (Instant.now().getEpochSecond() - 3_600) * 1_000_000_000L;
        long minute = 60_000_000_000L;
        long firstStart = base;
        long restart = base + 30 * minute;
        send(session, firstStart, base + minute, 10);
        send(session, firstStart, base + 2 * minute, 25);
        send(session, firstStart, base + 2 * minute, 25); // the same batch again
        send(session, firstStart, base + 3 * minute, 5); // a reset the sender did not announce
        send(session, restart, base + 31 * minute, 7); // the sender restarted: a new start time
        send(session, firstStart, base + 4 * minute, 40); // late data of the old run: already superseded

        List<Map<String, Object>> commits = rows.where("outcome_event", "session_id", session);
        List<String> counts = commits.stream().map(row -> row.get("attributes_text").toString()
                .replaceAll(".*\"count\": (\\d+).*", "$1")).toList();
        assertEquals(List.of("10", "15", "5", "7"), counts, commits.toString());
    }

    private static void send(String session, long start, long time, long value) {
        given().contentType("application/json").body("""
                {"resourceMetrics": [{"resource": {"attributes": [
                    {"key": "service.name", "value": {"stringValue": "claude-code"}},
                    {"key": "session.id", "value": {"stringValue": "%s"}},
                    {"key": "user.email", "value": {"stringValue": "gil@example.com"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "claude_code.commit.count", "unit": "count",
                    "sum": {"aggregationTemporality": 2, "isMonotonic": true, "dataPoints": [
                      {"startTimeUnixNano": "%d", "timeUnixNano": "%d", "asInt": "%d"}]}}]}]}]}
                """.formatted(session, start, time, value)).post("/v1/metrics")
                .then().log().ifValidationFails().statusCode(200).body(equalTo("{}"));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void anonymousExportersAreRefused() {
        post("/v1/traces", PROTOBUF, request().toByteArray()).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotExport() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "scoring-service", roles = Roles.FEED_READER)
    void feedReadersCannotExport() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "demo-agent", roles = Roles.AGENT)
    void agentsCannotExport() {
        assertForbidden();
    }

    private static void assertForbidden() {
        for (String path : List.of("/v1/traces", "/v1/metrics", "/v1/logs")) {
            post(path, "application/json", "{}".getBytes()).then().statusCode(403);
        }
    }
}
