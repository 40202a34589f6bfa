package dev.goodhart.policy.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** GET /v1/audit with tokens issued by the real Keycloak: policy-admins read the audit log; analysts do not. */
@QuarkusTest
class AuditOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/audit");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.user("ada");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.user("hana");
    }
}
