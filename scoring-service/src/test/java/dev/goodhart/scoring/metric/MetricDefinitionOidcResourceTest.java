package dev.goodhart.scoring.metric;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** GET /v1/metrics/definitions with tokens issued by the real Keycloak that bin/test starts. */
@QuarkusTest
class MetricDefinitionOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.get("/v1/metrics/definitions");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.user("hana");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.client("demo-source");
    }
}
