package dev.goodhart.scoring.agent;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/**
 * GET /v1/agents/{id}/spend as policy-service calls it: its client-credentials token from the real Keycloak (role
 * spend-reader). An agent's own token is refused, even for its own spend.
 */
@QuarkusTest
class AgentSpendOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/agents/demo-agent/spend?window=P1D");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.client("policy-service");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.client("demo-agent");
    }
}
