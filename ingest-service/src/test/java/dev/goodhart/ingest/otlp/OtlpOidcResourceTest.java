package dev.goodhart.ingest.otlp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;

/** POST /v1/traces (OTLP/HTTP) with tokens issued by the real Keycloak, as OTEL_EXPORTER_OTLP_HEADERS sends them. */
@QuarkusTest
class OtlpOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.contentType("application/json").body("{\"resourceSpans\": []}").post("/v1/traces");
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
