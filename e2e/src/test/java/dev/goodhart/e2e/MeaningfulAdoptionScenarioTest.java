package dev.goodhart.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.restassured.http.ContentType;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.e2e.stack.GoodhartStack;
import dev.goodhart.e2e.stack.GoodhartStackExtension;
import dev.goodhart.e2e.support.Ingest;

/**
 * Scenario 1: a coding assistant exports GenAI spans over OTLP with the real OpenTelemetry SDK, GitHub reports the
 * merged pull request by webhook, and scoring-service counts the session as meaningful adoption for the team.
 */
@ExtendWith(GoodhartStackExtension.class)
class MeaningfulAdoptionScenarioTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String team = "checkout-" + run;
    private final String githubLogin = "alice-gh-" + run;
    private final int pullRequest = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
    private final String pullRequestUrl = "https://github.com/acme/shop/pull/" + pullRequest;

    @Test
    void aCodingSessionThatEndsInAMergedPullRequestIsMeaningfulAdoption(GoodhartStack stack) throws Exception {
        registerTheTeam(stack);
        String session = "claude-session-" + run;
        exportASpanWithTheOpenTelemetrySdk(stack, session);
        deliverTheMergeWebhook(stack);

        String week = currentIsoWeek();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                given().auth().oauth2(KeycloakTokens.user("hana")).queryParam("weeks", 1)
                        .get(stack.scoringUrl() + "/v1/teams/" + team + "/scorecard")
                        .then().statusCode(200)
                        .body("weeks[0].week", equalTo(week))
                        .body("weeks[0].suppressed", equalTo(false))
                        .body("weeks[0].people", equalTo(6))
                        .body("weeks[0].aiUsers", equalTo(3))
                        .body("weeks[0].meaningfulUsers", equalTo(1))
                        // one of six, as scorecards write shares: four decimals
                        .body("weeks[0].meaningfulAdoption", equalTo(0.1667f))
                        // one person's outcomes are not a group's: withheld below k contributors
                        .body("weeks[0].suppressedMetrics.metric", hasItem("outcomes")));
        given().auth().oauth2(KeycloakTokens.user("alice")).queryParam("weeks", 1)
                .get(stack.scoringUrl() + "/v1/me/scorecard")
                .then().statusCode(200)
                .body("weeks[0].week", equalTo(week))
                .body("weeks[0].tokens", greaterThanOrEqualTo(1_500));
    }

    /** alice and five teammates; two of them use AI without any result this week. */
    private void registerTheTeam(GoodhartStack stack) {
        List<Map<String, Object>> people = new java.util.ArrayList<>();
        people.add(Map.of("email", "alice@example.com", "githubLogin", githubLogin, "teams", List.of(team),
                "primaryTeam", team));
        for (int n = 1; n <= 5; n++) {
            people.add(Map.of("email", "mate" + n + "-" + run + "@example.com", "teams", List.of(team),
                    "primaryTeam", team));
        }
        given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON).body(people)
                .post(stack.ingestUrl() + "/v1/directory/people")
                .then().statusCode(200).body("rejected.size()", equalTo(0));
        new Ingest(stack.ingestUrl()).usage(List.of(
                Map.of("id", "evt-" + UUID.randomUUID(), "occurredAt", Instant.now().minusSeconds(300).toString(),
                        "person", "mate1-" + run + "@example.com", "inputTokens", 800, "outputTokens", 200,
                        "trigger", "human"),
                Map.of("id", "evt-" + UUID.randomUUID(), "occurredAt", Instant.now().minusSeconds(240).toString(),
                        "person", "mate2-" + run + "@example.com", "inputTokens", 500, "outputTokens", 100,
                        "trigger", "human")));
    }

    /** What a coding assistant instrumented with OpenTelemetry sends: a GenAI client span naming the pull request. */
    private void exportASpanWithTheOpenTelemetrySdk(GoodhartStack stack, String session) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(stack.ingestUrl() + "/v1/traces")
                .addHeader("Authorization", "Bearer " + KeycloakTokens.client("demo-source"))
                .build();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "coding-assistant",
                AttributeKey.stringKey("user.email"), "alice@example.com",
                AttributeKey.stringKey("vcs.repository.url.full"), "https://github.com/acme/shop")));
        SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            Span span = tracing.get("e2e").spanBuilder("chat claude-sonnet-4").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.provider.name", "anthropic")
                    .setAttribute("gen_ai.request.model", "claude-sonnet-4")
                    .setAttribute("gen_ai.conversation.id", session)
                    .setAttribute("gen_ai.usage.input_tokens", 2_400L)
                    .setAttribute("gen_ai.usage.cache_read.input_tokens", 900L)
                    .setAttribute("gen_ai.usage.output_tokens", 600L)
                    .setAttribute("vcs.change.id", Integer.toString(pullRequest))
                    .startSpan();
            span.end();
            assertTrue(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess(), "ingest-service took the span");
        } finally {
            tracing.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /**
     * GitHub's own payload for a closed pull request (from @octokit/webhooks-examples, kept in ingest-service's test
     * resources), changed as GitHub changes it when the pull request is merged, and signed with the webhook secret.
     */
    private void deliverTheMergeWebhook(GoodhartStack stack) throws Exception {
        Path example = Path.of(System.getProperty("goodhart.root", ".."),
                "ingest-service/src/test/resources/github-webhooks/pull_request.closed.json");
        ObjectNode payload = (ObjectNode) JSON.readTree(Files.readString(example));
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode pr = (ObjectNode) payload.get("pull_request");
        pr.put("id", ThreadLocalRandom.current().nextLong(1L << 40));
        pr.put("number", pullRequest);
        pr.put("html_url", pullRequestUrl);
        pr.put("merged", true);
        pr.put("merged_at", now);
        pr.put("closed_at", now);
        pr.put("updated_at", now);
        ((ObjectNode) pr.get("user")).put("login", githubLogin);
        byte[] body = JSON.writeValueAsBytes(payload);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(GoodhartStack.GITHUB_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        given().contentType(ContentType.JSON).body(body)
                .header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                .post(stack.ingestUrl() + "/v1/webhooks/github")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(body)
                .header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .post(stack.ingestUrl() + "/v1/webhooks/github")
                .then().statusCode(401).contentType("application/problem+json");
    }

    private static String currentIsoWeek() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        return "%d-W%02d".formatted(today.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                today.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
