package dev.goodhart.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.e2e.stack.GoodhartStack;
import dev.goodhart.e2e.stack.GoodhartStackExtension;

/**
 * Scenario 3: an agent acting for an employee deploys to staging (allowed) and to prod (approval required); the
 * employee approves, the agent's retry is allowed once; a policy admin suspends the agent and its next decision is
 * denied; the audit log shows all of it and verifies.
 */
@ExtendWith(GoodhartStackExtension.class)
class AgentApprovalScenarioTest {

    private static final String AGENT = "demo-agent";

    @Test
    void anAgentAsksAHumanApprovesAnAdminStopsItAndTheAuditLogTellsItAll(GoodhartStack stack) {
        String ada = KeycloakTokens.user("ada");
        String agent = KeycloakTokens.client(AGENT);
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"owner\": \"alice@example.com\", \"riskTier\": \"low\", \"description\": \"release helper\"}")
                .put(stack.policyUrl() + "/v1/agents/" + AGENT)
                .then().statusCode(200);

        decide(stack, agent, deploy("staging", null))
                .then().statusCode(200).body("decision", equalTo("allow")).body("basis", equalTo("permit"));

        String approvalId = decide(stack, agent, deploy("prod", null))
                .then().statusCode(200)
                .body("decision", equalTo("approval_required"))
                .body("approvalId", notNullValue())
                .extract().path("approvalId");

        decide(stack, agent, deploy("prod", approvalId))
                .then().statusCode(200).body("decision", equalTo("approval_required"))
                .body("basis", equalTo("approval_pending"));

        given().auth().oauth2(KeycloakTokens.user("bob")).contentType(ContentType.JSON).body("{}")
                .post(stack.policyUrl() + "/v1/approvals/" + approvalId + "/approve")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(KeycloakTokens.user("alice")).get(stack.policyUrl() + "/v1/approvals?status=pending")
                .then().statusCode(200).body("id", hasItem(approvalId));
        given().auth().oauth2(KeycloakTokens.user("alice")).contentType(ContentType.JSON)
                .body("{\"comment\": \"go ahead\"}")
                .post(stack.policyUrl() + "/v1/approvals/" + approvalId + "/approve")
                .then().statusCode(200);

        decide(stack, agent, deploy("prod", approvalId))
                .then().statusCode(200).body("decision", equalTo("allow")).body("basis", equalTo("approval_granted"));
        decide(stack, agent, deploy("prod", approvalId))
                .then().statusCode(200).body("decision", equalTo("deny")).body("basis", equalTo("approval_used"));

        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"reason\": \"end-to-end kill switch\"}")
                .post(stack.policyUrl() + "/v1/agents/" + AGENT + "/suspend")
                .then().statusCode(200);
        try {
            decide(stack, agent, deploy("staging", null))
                    .then().statusCode(200).body("decision", equalTo("deny")).body("basis", equalTo("agent_suspended"));
        } finally {
            given().auth().oauth2(ada).post(stack.policyUrl() + "/v1/agents/" + AGENT + "/resume").then().statusCode(200);
        }

        List<String> bases = given().auth().oauth2(ada).queryParam("agent", AGENT).queryParam("action", "deploy")
                .queryParam("limit", 100)
                .get(stack.policyUrl() + "/v1/audit")
                .then().statusCode(200)
                .extract().path("records.basis");
        // newest first: the audit log holds the whole story in order
        assertEquals(List.of("agent_suspended", "approval_used", "approval_granted", "approval_pending",
                "approval_policy", "permit"), bases.subList(0, 6));
        given().auth().oauth2(ada).get(stack.policyUrl() + "/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true));
        given().auth().oauth2(KeycloakTokens.user("alice")).get(stack.policyUrl() + "/v1/audit")
                .then().statusCode(403).contentType("application/problem+json");
    }

    private static Response decide(GoodhartStack stack, String agentToken, String request) {
        return given().auth().oauth2(agentToken).contentType(ContentType.JSON).body(request)
                .post(stack.policyUrl() + "/v1/decisions");
    }

    private static String deploy(String environment, String approvalId) {
        return """
                {"onBehalfOf": "alice@example.com", "action": "deploy",
                 "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "%s"}},
                 "approvalId": %s}
                """.formatted(environment, approvalId == null ? "null" : "\"" + approvalId + "\"");
    }
}
