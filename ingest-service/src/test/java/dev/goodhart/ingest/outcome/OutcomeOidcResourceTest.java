package dev.goodhart.ingest.outcome;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;
import dev.goodhart.ingest.support.TestEvents;

/** POST /v1/outcomes with tokens issued by the real Keycloak that bin/test starts. */
@QuarkusTest
class OutcomeOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(TestEvents.outcome(TestEvents.newId("out"), "pr_merged"))
                .post("/v1/outcomes");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.client("demo-source");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.client("scoring-service");
    }
}
