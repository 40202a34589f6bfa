package dev.goodhart.ingest.usage;

import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** POST /v1/usage-events with tokens issued by the real Keycloak that bin/test starts. */
@QuarkusTest
class UsageEventOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.contentType(ContentType.JSON)
                .body("""
                        {"id": "evt-%s", "occurredAt": "2026-11-23T10:00:00Z", "person": "alice@example.com",
                         "inputTokens": 10, "outputTokens": 5}
                        """.formatted(UUID.randomUUID()))
                .post("/v1/usage-events");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.client("demo-source");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.client("demo-agent");
    }
}
