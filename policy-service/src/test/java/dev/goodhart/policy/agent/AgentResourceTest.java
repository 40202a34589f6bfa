package dev.goodhart.policy.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.security.Roles;

/** The registry and the kill switch, managed by policy admins only. */
@QuarkusTest
class AgentResourceTest {

    private static final String REGISTRATION = """
            {"owner": "Carol@Example.com", "riskTier": "medium", "team": "payments", "description": "Triage bot"}
            """;

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    @OidcSecurity(claims = @Claim(key = "email", value = "ada@example.com"))
    void policyAdminsRegisterAgentsAndSetBudgets() {
        given().contentType(ContentType.JSON).body(REGISTRATION).put("/v1/agents/triage-bot")
                .then().statusCode(200)
                .body("id", equalTo("triage-bot"))
                .body("registered", equalTo(true))
                .body("owner", equalTo("carol@example.com"))
                .body("riskTier", equalTo("medium"))
                .body("team", equalTo("payments"))
                .body("updatedBy", equalTo("ada@example.com"));
        given().contentType(ContentType.JSON).body("{\"dailyTokens\": 200000, \"dailyCostUsd\": 25.5}")
                .put("/v1/agents/triage-bot/budget")
                .then().statusCode(200)
                .body("dailyTokenBudget", equalTo(200000))
                .body("dailyCostBudgetUsd", equalTo(25.5f));
        given().get("/v1/agents").then().statusCode(200).body("id", hasItem("triage-bot"));
        given().get("/v1/agents/triage-bot").then().statusCode(200).body("dailyTokenBudget", equalTo(200000));
        given().contentType(ContentType.JSON).body("{\"dailyTokens\": null, \"dailyCostUsd\": null}")
                .put("/v1/agents/triage-bot/budget")
                .then().statusCode(200).body("dailyTokenBudget", nullValue());
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void badRegistrationsAreRefusedFieldByField() {
        given().contentType(ContentType.JSON).body("{\"owner\": \"nobody\", \"riskTier\": \"extreme\"}")
                .put("/v1/agents/triage-bot")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("owner"))
                .body("errors.field", hasItem("riskTier"));
        given().contentType(ContentType.JSON).body("{\"dailyTokens\": -1}").put("/v1/agents/triage-bot/budget")
                .then().statusCode(400).body("errors.field", hasItem("dailyTokens"));
        given().contentType(ContentType.JSON).body(REGISTRATION).put("/v1/agents/bad%20id")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"dailyTokens\": 5}").put("/v1/agents/never-registered/budget")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/v1/agents/never-registered").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void theKillSwitchWorksForAgentsNobodyRegistered() {
        given().contentType(ContentType.JSON).body("{\"reason\": \"unknown client calling us\"}")
                .post("/v1/agents/rogue-agent/suspend")
                .then().statusCode(200)
                .body("registered", equalTo(false))
                .body("suspended", equalTo(true))
                .body("suspensionReason", equalTo("unknown client calling us"));
        given().post("/v1/agents/rogue-agent/resume").then().statusCode(200).body("suspended", equalTo(false));
        given().post("/v1/agents/nobody-at-all/resume").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotManageAgents() {
        given().get("/v1/agents").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(REGISTRATION).put("/v1/agents/triage-bot").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}").post("/v1/agents/demo-agent/suspend").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotManageAgents() {
        given().get("/v1/agents").then().statusCode(403);
        given().post("/v1/agents/demo-agent/resume").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void agentsCannotManageAgentsNotEvenThemselves() {
        given().post("/v1/agents/demo-agent/resume").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"dailyTokens\": 999999999}").put("/v1/agents/demo-agent/budget")
                .then().statusCode(403)
                .body("detail", containsString("roles"));
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/agents").then().statusCode(401);
    }
}
