package dev.goodhart.policy.decision;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** POST /v1/decisions with tokens issued by the real Keycloak that bin/test starts. */
@QuarkusTest
class DecisionOidcResourceTest extends SecuredEndpointContract {

    private static final String STAGING_DEPLOY = """
            {"onBehalfOf": "alice@example.com", "action": "deploy",
             "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "staging"}}}
            """;

    @Override
    protected Response send(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(STAGING_DEPLOY).post("/v1/decisions");
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
        String id = given().auth().oauth2(permittedToken()).contentType(ContentType.JSON).body(STAGING_DEPLOY)
                .post("/v1/decisions")
                .then().statusCode(200)
                .extract().path("decisionId");
        assertEquals("demo-agent", agentOf(UUID.fromString(id)));
    }

    @Transactional
    String agentOf(UUID decisionId) {
        Decision decision = Decision.findById(decisionId);
        return decision.agent;
    }
}
