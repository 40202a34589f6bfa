package dev.goodhart.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.e2e.stack.GoodhartStack;
import dev.goodhart.e2e.stack.GoodhartStackExtension;
import dev.goodhart.e2e.support.Ingest;

/**
 * Scenario 4: an agent burns through its daily token budget. Its usage goes through ingest-service, scoring-service
 * sums it, policy-service reads the spend over REST with its own client-credentials token, and the agent's next
 * decision is denied with the reason.
 */
@ExtendWith(GoodhartStackExtension.class)
class AgentBudgetScenarioTest {

    private static final String AGENT = "ops-agent";
    private static final long DAILY_TOKENS = 10_000;

    @Test
    void anAgentOverItsDailyTokenBudgetIsDeniedWithTheReason(GoodhartStack stack) {
        String ada = KeycloakTokens.user("ada");
        String agent = KeycloakTokens.client(AGENT);
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"owner\": \"bob@example.com\", \"riskTier\": \"low\", \"description\": \"nightly triage\"}")
                .put(stack.policyUrl() + "/v1/agents/" + AGENT).then().statusCode(200);
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"dailyTokens\": " + DAILY_TOKENS + "}")
                .put(stack.policyUrl() + "/v1/agents/" + AGENT + "/budget").then().statusCode(200);

        decide(stack, agent).then().statusCode(200).body("decision", equalTo("allow"));

        List<Map<String, Object>> usage = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            usage.add(Map.of("id", "evt-" + UUID.randomUUID(), "occurredAt", Instant.now().minusSeconds(60 - call).toString(),
                    "person", "bob@example.com", "agent", AGENT, "model", "claude-sonnet-4", "trigger", "schedule",
                    "inputTokens", 3_000, "outputTokens", 1_000));
        }
        new Ingest(stack.ingestUrl()).usage(usage);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().auth().oauth2(KeycloakTokens.client("policy-service"))
                        .get(stack.scoringUrl() + "/v1/agents/" + AGENT + "/spend?window=P1D")
                        .then().statusCode(200).body("tokens", greaterThanOrEqualTo(12_000)));

        // policy-service caches spend for a few seconds; the next decision after that is denied
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                decide(stack, agent).then().statusCode(200)
                        .body("decision", equalTo("deny"))
                        .body("basis", equalTo("budget_exhausted")));
        decide(stack, agent).then().body("reasons", hasItem(containsString("budget")));
        given().auth().oauth2(ada).queryParam("agent", AGENT).queryParam("decision", "deny").queryParam("limit", 1)
                .get(stack.policyUrl() + "/v1/audit")
                .then().statusCode(200).body("records[0].basis", equalTo("budget_exhausted"));
    }

    private static Response decide(GoodhartStack stack, String agentToken) {
        return given().auth().oauth2(agentToken).contentType(ContentType.JSON)
                .body("""
                        {"onBehalfOf": "bob@example.com", "action": "deploy",
                         "resource": {"type": "Service", "id": "search", "attributes": {"environment": "staging"}}}
                        """)
                .post(stack.policyUrl() + "/v1/decisions");
    }
}
