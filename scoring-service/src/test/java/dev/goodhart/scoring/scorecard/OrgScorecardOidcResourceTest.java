package dev.goodhart.scoring.scorecard;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** GET /v1/org/scorecard with tokens issued by the real Keycloak: analysts only. */
@QuarkusTest
class OrgScorecardOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/org/scorecard?weeks=2");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.user("hana");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.user("alice");
    }
}
