package dev.goodhart.policy.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.goodhart.common.security.Roles;
import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;
import dev.goodhart.policy.testing.ScoringStub;

/**
 * Budgets against scoring-service's spend (a WireMock stub of its HTTP API, for every test class of the module: the
 * application starts once). Each test uses its own agent, because spend is cached per agent for a few seconds.
 */
@QuarkusTest
@WithTestResource(value = ScoringStub.class, scope = TestResourceScope.GLOBAL)
class BudgetResourceTest {

    private static ValidatableResponse decide(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/decisions").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "service-account-budget-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "budget-agent"))
    void fiftyConcurrentDecisionsNeverSpendMoreThanTheBudgetHasLeft() throws Exception {
        Registry.register("budget-agent", "alice@example.com", "low");
        Registry.budget("budget-agent", 10_000L, null);
        ScoringStub.spend("budget-agent", 9_000, "1.50", Instant.now());

        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<String> answers = new ArrayList<>();
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> given().contentType(ContentType.JSON).body(Requests.spendTokens(100)).post("/v1/decisions")
                        .then().statusCode(200).extract().asString());
            }
            for (Future<String> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long allowed = answers.stream().filter(a -> CanonicalJson.read(a).path("decision").asText().equals("allow")).count();
        long exhausted = answers.stream().filter(a -> CanonicalJson.read(a).path("basis").asText().equals("budget_exhausted"))
                .count();
        // 1,000 tokens were left at scoring-service's asOf: exactly ten requests of 100 fit, however they interleave
        assertEquals(10, allowed, answers.toString());
        assertEquals(40, exhausted, answers.toString());
        decide(Requests.spendTokens(1)).body("decision", equalTo("deny"))
                .body("reasons[0]", containsString("has used 10,000 of its 10,000 daily tokens"));
    }

    @Test
    @TestSecurity(user = "service-account-spent-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "spent-agent"))
    void anAgentOverBudgetIsDeniedEvenForActionsThatDeclareNoTokens() {
        Registry.register("spent-agent", "alice@example.com", "low");
        Registry.budget("spent-agent", 5_000L, null);
        ScoringStub.spend("spent-agent", 5_000, "0.80", Instant.now().minusSeconds(30));

        decide(Requests.readEmail("alice@example.com", "alice@example.com"))
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("budget_exhausted"))
                .body("policies", hasItem("read-own-resources"))
                .body("reasons[0]", containsString("budget_exhausted"));
        // a policy deny needs no budget check: the answer names the policy
        decide("""
                {"onBehalfOf": "alice@example.com", "action": "merge_pr",
                 "resource": {"type": "Repository", "id": "acme/shop"}}
                """).body("basis", equalTo("default_deny"));
    }

    @Test
    @TestSecurity(user = "service-account-costly-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "costly-agent"))
    void costBudgetsHoldToTheCent() {
        Registry.register("costly-agent", "alice@example.com", "low");
        Registry.budget("costly-agent", null, new BigDecimal("5.00"));
        ScoringStub.spend("costly-agent", 100_000, "4.98", Instant.now());

        String request = Requests.spendTokens(10).replace("{\"tokens\": 10}", "{\"tokens\": 10, \"costUsd\": 0.03}");
        decide(request).body("decision", equalTo("deny")).body("basis", equalTo("budget_exhausted"))
                .body("reasons[0]", containsString("$4.98 of its $5.00"));
        decide(request.replace("0.03", "0.02")).body("decision", equalTo("allow"));
        decide(request.replace("0.03", "0.01")).body("decision", equalTo("deny"));
    }

    @Test
    @TestSecurity(user = "service-account-blind-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "blind-agent"))
    void whenSpendCannotBeReadHighRiskActionsAreDeniedAndTheOthersAllowedAndTheReasonSaysSo() {
        Registry.register("blind-agent", "alice@example.com", "low");
        Registry.budget("blind-agent", 1_000_000L, null);
        ScoringStub.failing("blind-agent");

        decide(Requests.spendTokens(500))
                .body("decision", equalTo("deny"))
                .body("basis", equalTo("spend_unavailable"))
                .body("reasons[0]", containsString("spend_unavailable"))
                .body("reasons[0]", containsString("high-risk"));
        decide(Requests.readEmail("alice@example.com", "alice@example.com"))
                .body("decision", equalTo("allow"))
                .body("reasons", hasItem(containsString("spend_unavailable")));
    }

    @Test
    @TestSecurity(user = "service-account-thrifty-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "thrifty-agent"))
    void spendIsReadWithPolicyServicesOwnClientCredentialsTokenAndOnlyForAgentsWithABudget() {
        Registry.register("thrifty-agent", "alice@example.com", "low");
        decide(Requests.spendTokens(100)).body("decision", equalTo("allow"));
        assertEquals(0, ScoringStub.server().findAll(getRequestedFor(urlPathEqualTo("/v1/agents/thrifty-agent/spend"))).size());

        Registry.budget("thrifty-agent", 1_000_000L, null);
        ScoringStub.spend("thrifty-agent", 10, "0.01", Instant.now());
        decide(Requests.spendTokens(100)).body("decision", equalTo("allow"));
        List<LoggedRequest> calls = ScoringStub.server().findAll(getRequestedFor(urlPathEqualTo("/v1/agents/thrifty-agent/spend"))
                .withQueryParam("window", matching("P1D"))
                .withHeader("Authorization", matching("Bearer .+")));
        assertEquals(1, calls.size());
        String token = calls.get(0).getHeader("Authorization").substring("Bearer ".length());
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"azp\":\"policy-service\""), claims);
        assertTrue(claims.contains("spend-reader"), claims);
    }
}
