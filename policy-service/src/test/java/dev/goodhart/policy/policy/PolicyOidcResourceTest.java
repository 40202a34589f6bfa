package dev.goodhart.policy.policy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** GET /v1/policies with tokens issued by the real Keycloak: policy-admins read policies; agents do not. */
@QuarkusTest
class PolicyOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/policies");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.user("ada");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.client("demo-agent");
    }
}
