package dev.goodhart.ingest.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.goodhart.common.testing.DatabaseOutageContract;
import dev.goodhart.common.testing.DatabaseProxyResource;
import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.ingest.support.TestEvents;

@QuarkusTest
@WithTestResource(value = DatabaseProxyResource.class, initArgs = @ResourceArg(name = "database", value = "goodhart_ingest"))
class DatabaseOutageResourceTest extends DatabaseOutageContract {

    @Override
    protected Response callNeedingTheDatabase() {
        return given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON)
                .body("[" + TestEvents.smallUsage(TestEvents.newId("evt-outage")) + "]")
                .post("/v1/usage-events");
    }

    @Test
    void outcomesTheFeedAndTheDirectoryAnswer503WithRetryAfterWhileTheDatabaseIsGone() {
        DatabaseProxyResource.proxy().cut();
        assert503(given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType("application/x-ndjson")
                .body(TestEvents.outcome(TestEvents.newId("out-outage"), "pr_merged").replace("\n", " ")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/outcomes"));
        assert503(given().auth().oauth2(KeycloakTokens.client("scoring-service")).get("/v1/feed"));
        assert503(given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON)
                .body("{\"email\": \"outage@example.com\"}").post("/v1/directory/people"));
    }

    @Test
    void otlpExportersGet503WithRetryAfterInTheirOwnEncoding() {
        DatabaseProxyResource.proxy().cut();
        long now = System.currentTimeMillis() * 1_000_000L;
        assert503(given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON).body("""
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c",
                  "spanId": "00f067aa0ba902b7", "startTimeUnixNano": "%d", "attributes": [
                  {"key": "enduser.id", "value": {"stringValue": "alice@example.com"}},
                  {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "10"}}]}]}]}]}
                """.formatted(now)).post("/v1/traces"));
        Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16]))
                .setSpanId(ByteString.copyFrom(new byte[8])).setStartTimeUnixNano(now)
                .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens")
                        .setValue(AnyValue.newBuilder().setIntValue(10)))
                .addAttributes(KeyValue.newBuilder().setKey("enduser.id")
                        .setValue(AnyValue.newBuilder().setStringValue("alice@example.com")))
                .build();
        byte[] request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
        given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType("application/x-protobuf").body(request)
                .post("/v1/traces")
                .then().log().ifValidationFails().statusCode(503).contentType("application/x-protobuf")
                .header("Retry-After", notNullValue());
    }

    private static void assert503(Response response) {
        response.then().log().ifValidationFails().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://goodhart.dev/problems/service-unavailable"));
    }
}
