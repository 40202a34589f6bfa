package dev.goodhart.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * What every secured endpoint must do with real OIDC tokens from Keycloak: accept the right role, refuse a missing,
 * tampered or foreign token with 401 and a wrong role with 403, always as problem+json.
 */
public abstract class SecuredEndpointContract {

    /** Sends the request under test; the specification already carries the token (or none). */
    protected abstract Response send(RequestSpecification request);

    /** A Keycloak token whose roles allow the endpoint. */
    protected abstract String permittedToken();

    /** A valid Keycloak token whose roles do not allow the endpoint. */
    protected abstract String forbiddenToken();

    protected int successStatus() {
        return 200;
    }

    @Test
    void acceptsAKeycloakTokenWithTheRightRole() {
        Response response = send(given().auth().oauth2(permittedToken()));
        assertEquals(successStatus(), response.statusCode(), response.asString());
    }

    @Test
    void refusesARequestWithoutToken() {
        send(given())
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://goodhart.dev/problems/unauthorized"))
                .body("status", equalTo(401));
    }

    @Test
    void refusesAKeycloakTokenWithTheWrongRole() {
        send(given().auth().oauth2(forbiddenToken()))
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/forbidden"));
    }

    @Test
    void refusesATamperedToken() {
        String[] parts = permittedToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("\"exp\":", "\"x-forged\":true,\"exp\":").getBytes());
        send(given().auth().oauth2(parts[0] + "." + forged + "." + parts[2]))
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void refusesATokenSignedByAnotherKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String foreign = Jwt.issuer(KeycloakTokens.issuer())
                .audience("goodhart")
                .subject("intruder")
                .claim("azp", "demo-agent")
                .claim("realm_access", java.util.Map.of("roles", Set.of("usage-writer", "agent", "analyst",
                        "employee", "policy-admin", "feed-reader", "spend-reader")))
                .sign(generator.generateKeyPair().getPrivate());
        send(given().auth().oauth2(foreign))
                .then().statusCode(401)
                .contentType("application/problem+json");
    }
}
