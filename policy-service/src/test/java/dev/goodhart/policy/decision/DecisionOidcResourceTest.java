package dev.goodhart.policy.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.transaction.Transactional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;
import dev.goodhart.policy.audit.AuditRecord;
import dev.goodhart.policy.testing.Registry;
import dev.goodhart.policy.testing.Requests;

/** POST /v1/decisions with tokens issued by the real Keycloak that bin/test starts. */
@QuarkusTest
class DecisionOidcResourceTest extends SecuredEndpointContract {

    @BeforeEach
    void registerTheAgents() {
        Registry.register("demo-agent", "alice@example.com", "low");
        Registry.register("ops-agent", "bob@example.com", "medium");
    }

    @Override
    protected Response send(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(Requests.deploy("staging")).post("/v1/decisions");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.client("demo-agent");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.user("ada");
    }

    @Test
    void theAgentIsTheTokensClient() {
        String id = given().auth().oauth2(KeycloakTokens.client("ops-agent")).contentType(ContentType.JSON)
                .body(Requests.deploy("staging"))
                .post("/v1/decisions")
                .then().statusCode(200)
                .body("decision", equalTo("allow"))
                .extract().path("decisionId");
        assertEquals("ops-agent", agentOf(UUID.fromString(id)));
    }

    @Test
    void aKeycloakAgentCannotNameAnotherAgent() {
        given().auth().oauth2(KeycloakTokens.client("ops-agent")).contentType(ContentType.JSON)
                .body(Requests.deploy("staging").replaceFirst("\\{", "{\"agent\": \"demo-agent\", "))
                .post("/v1/decisions")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Transactional
    String agentOf(UUID decisionId) {
        AuditRecord record = AuditRecord.find("decisionId", decisionId).firstResult();
        return record.agent;
    }
}
