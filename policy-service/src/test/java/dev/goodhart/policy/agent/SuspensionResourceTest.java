package dev.goodhart.policy.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/** The kill switch through the API with real tokens: ada suspends ops-agent, whose very next decision is denied. */
@QuarkusTest
class SuspensionResourceTest {

    private static ValidatableResponse opsAgentDeploysToStaging() {
        return given().auth().oauth2(KeycloakTokens.client("ops-agent")).contentType(ContentType.JSON)
                .body(Requests.deploy("staging")).post("/v1/decisions").then().statusCode(200);
    }

    @Test
    void aSuspendedAgentIsDeniedOnItsVeryNextDecisionAndAllowedAgainAfterResume() {
        Registry.register("ops-agent", "bob@example.com", "low");
        opsAgentDeploysToStaging().body("decision", equalTo("allow"));
        try {
            given().auth().oauth2(KeycloakTokens.user("ada")).contentType(ContentType.JSON)
                    .body("{\"reason\": \"deployed the wrong branch twice\"}")
                    .post("/v1/agents/ops-agent/suspend")
                    .then().statusCode(200).body("suspendedBy", equalTo("ada@example.com"));

            opsAgentDeploysToStaging()
                    .body("decision", equalTo("deny"))
                    .body("basis", equalTo("agent_suspended"))
                    .body("policies", empty())
                    .body("reasons[0]", containsString("deployed the wrong branch twice"));
        } finally {
            given().auth().oauth2(KeycloakTokens.user("ada")).post("/v1/agents/ops-agent/resume").then().statusCode(200);
        }
        opsAgentDeploysToStaging().body("decision", equalTo("allow"));
    }
}
