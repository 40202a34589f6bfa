package dev.goodhart.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.e2e.stack.GoodhartStack;
import dev.goodhart.e2e.stack.GoodhartStackExtension;

@ExtendWith(GoodhartStackExtension.class)
class StackSmokeScenarioTest {

    @Test
    void everyServiceAcceptsAKeycloakToken(GoodhartStack stack) {
        given().auth().oauth2(KeycloakTokens.user("hana")).get(stack.scoringUrl() + "/v1/metrics/definitions")
                .then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).contentType("application/json")
                .body("""
                        {"onBehalfOf": "alice@example.com", "action": "deploy",
                         "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "staging"}}}
                        """)
                .post(stack.policyUrl() + "/v1/decisions")
                .then().statusCode(200).body("decision", equalTo("allow"));
    }
}
