package dev.goodhart.ingest.directory;

import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** POST /v1/directory/people with tokens issued by the real Keycloak that bin/test starts. */
@QuarkusTest
class DirectoryOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.contentType(ContentType.JSON)
                .body("{\"email\": \"oidc-%s@example.com\", \"teams\": [\"payments\"]}".formatted(UUID.randomUUID()))
                .post("/v1/directory/people");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.client("demo-source");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.user("alice");
    }
}
