package dev.goodhart.scoring.me;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** GET /v1/me/scorecard with real Keycloak tokens: alice's token carries the email claim that finds her rows. */
@QuarkusTest
class MeOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/me/scorecard?weeks=1");
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
