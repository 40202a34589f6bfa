package dev.goodhart.ingest.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.goodhart.common.testing.KeycloakTokens;

/**
 * A service whose identity provider is out of reach cannot verify tokens. It says so as a retryable 503, not as an
 * internal error, and still refuses requests that carry no token at all.
 */
@QuarkusTest
@TestProfile(IdentityProviderOutageResourceTest.KeycloakOutOfReach.class)
class IdentityProviderOutageResourceTest {

    public static class KeycloakOutOfReach implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 9 (discard) is closed on test machines: every connection to it is refused.
            return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:9/realms/goodhart");
        }
    }

    @Test
    void aValidTokenThatCannotBeVerifiedGets503WithRetryAfter() {
        given().auth().oauth2(KeycloakTokens.client("scoring-service"))
                .get("/v1/feed")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("https://goodhart.dev/problems/service-unavailable"))
                .body("detail", equalTo(
                        "The identity provider is unreachable, so the bearer token cannot be verified; retry later"));
    }

    @Test
    void aRequestWithoutATokenIsStillRefusedAs401() {
        given().get("/v1/feed")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }
}
