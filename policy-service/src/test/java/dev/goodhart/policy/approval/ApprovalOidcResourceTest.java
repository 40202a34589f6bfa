package dev.goodhart.policy.approval;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** GET /v1/approvals with tokens issued by the real Keycloak: employees list approvals made for them; analysts do not. */
@QuarkusTest
class ApprovalOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/approvals");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.user("alice");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.user("hana");
    }
}
