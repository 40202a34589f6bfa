package dev.goodhart.policy.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.goodhart.common.testing.KeycloakTokens;

/** How the service reads real Keycloak tokens: people by e-mail, agents by client id. */
@QuarkusTest
class WhoAmIResourceTest {

    @Test
    void peopleAreTheirEmailAndAgentsTheirClient() {
        given().auth().oauth2(KeycloakTokens.user("alice")).get("/v1/whoami")
                .then().statusCode(200)
                .body("name", equalTo("alice@example.com"))
                .body("roles", contains("employee"));
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).get("/v1/whoami")
                .then().statusCode(200)
                .body("client", equalTo("demo-agent"))
                .body("roles", contains("agent"));
        given().get("/v1/whoami").then().statusCode(401).contentType("application/problem+json");
    }
}
