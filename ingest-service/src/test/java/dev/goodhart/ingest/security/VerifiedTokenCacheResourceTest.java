package dev.goodhart.ingest.security;

import static dev.goodhart.ingest.support.TestEvents.newId;
import static dev.goodhart.ingest.support.TestEvents.smallUsage;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.goodhart.common.security.VerifiedTokenCache;
import dev.goodhart.common.testing.KeycloakTokens;

/**
 * Verified tokens are remembered until they expire (VerifiedTokenCache): a token's later requests skip the signature
 * check, and nothing else changes — roles still decide, and a token altered in any byte is verified and refused.
 */
@QuarkusTest
class VerifiedTokenCacheResourceTest {

    @Inject
    VerifiedTokenCache cache;

    @Test
    void aTokensSecondRequestIsAnsweredFromTheVerifiedTokens() {
        String token = KeycloakTokens.newClientToken("demo-source");
        long hits = cache.hits();

        send(token).then().statusCode(200);
        assertEquals(hits, cache.hits(), "the first request is verified by OIDC");
        send(token).then().statusCode(200);
        assertEquals(hits + 1, cache.hits());
    }

    @Test
    void aRememberedTokensRolesStillDecide() {
        String analyst = KeycloakTokens.newUserToken("hana");
        long hits = cache.hits();

        send(analyst).then().statusCode(403).contentType("application/problem+json");
        send(analyst).then().statusCode(403).contentType("application/problem+json");
        assertEquals(hits + 1, cache.hits(), "the second refusal came from the remembered identity");
    }

    @Test
    void aRememberedTokenAlteredInItsSignatureOrClaimsIsRefused() {
        String token = KeycloakTokens.newClientToken("demo-source");
        send(token).then().statusCode(200);
        String[] parts = token.split("\\.");
        String signature = parts[2];
        String otherSignature = signature.substring(0, signature.length() - 2)
                + (signature.endsWith("AA") ? "BB" : "AA");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"demo-source\""), claims);
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.replace("\"demo-source\"", "\"ops-agent\"").getBytes(StandardCharsets.UTF_8));
        long hits = cache.hits();

        send(parts[0] + "." + parts[1] + "." + otherSignature).then().statusCode(401).contentType("application/problem+json");
        send(parts[0] + "." + otherClaims + "." + signature).then().statusCode(401).contentType("application/problem+json");
        assertEquals(hits, cache.hits());
        send(token).then().statusCode(200);
    }

    private static Response send(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(smallUsage(newId("token-cache")))
                .post("/v1/usage-events");
    }
}
