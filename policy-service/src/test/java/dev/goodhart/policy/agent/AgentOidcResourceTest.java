package dev.goodhart.policy.agent;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** GET /v1/agents with tokens issued by the real Keycloak: policy-admins manage agents; employees do not. */
@QuarkusTest
class AgentOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/agents");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.user("ada");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.user("alice");
    }
}
