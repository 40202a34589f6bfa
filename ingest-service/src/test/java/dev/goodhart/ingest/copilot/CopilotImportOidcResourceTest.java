package dev.goodhart.ingest.copilot;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** POST /v1/imports/copilot with tokens issued by the real Keycloak. */
@QuarkusTest
class CopilotImportOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.contentType("application/x-ndjson")
                .body("{\"day\": \"%s\", \"user_login\": \"oidc-user\", \"user_initiated_interaction_count\": 1}"
                        .formatted(LocalDate.now(ZoneOffset.UTC).minusDays(1)).getBytes(StandardCharsets.UTF_8))
                .post("/v1/imports/copilot");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.client("demo-source");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.user("hana");
    }
}
