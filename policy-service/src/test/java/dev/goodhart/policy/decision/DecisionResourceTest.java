package dev.goodhart.policy.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.security.Roles;

@QuarkusTest
class DecisionResourceTest {

    private static String deploy(String environment) {
        return """
                {"onBehalfOf": "alice@example.com", "action": "deploy",
                 "resource": {"type": "Service", "id": "checkout", "attributes": {"environment": "%s"}},
                 "context": {"tokens": 2000}}
                """.formatted(environment);
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void stagingDeployIsAllowedByItsPolicyAndRecorded() {
        String id = given().contentType(ContentType.JSON).body(deploy("staging")).post("/v1/decisions")
                .then().statusCode(200)
                .body("decision", equalTo("allow"))
                .body("policies", contains("deploy-to-staging"))
                .body("policyVersion", equalTo(1))
                .extract().path("decisionId");
        Decision recorded = findDecision(UUID.fromString(id));
        assertEquals("demo-agent", recorded.agent);
        assertEquals("allow", recorded.outcome);
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void prodDeployIsDeniedByTheForbidPolicy() {
        given().contentType(ContentType.JSON).body(deploy("prod")).post("/v1/decisions")
                .then().statusCode(200)
                .body("decision", equalTo("deny"))
                .body("policies", contains("no-deploys-to-prod-without-approval"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void anActionNoPolicyPermitsIsADefaultDenyThatSaysSo() {
        given().contentType(ContentType.JSON)
                .body(deploy("staging").replace("\"deploy\"", "\"send_email\""))
                .post("/v1/decisions")
                .then().statusCode(200)
                .body("decision", equalTo("deny"))
                .body("policies", empty())
                .body("reasons[0]", containsString("default deny"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void malformedJsonIsAProblem() {
        given().contentType(ContentType.JSON).body("{\"action\": ").post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    @OidcSecurity(claims = @Claim(key = "azp", value = "demo-agent"))
    void missingFieldsAreNamed() {
        given().contentType(ContentType.JSON).body("{\"action\": \"Deploy!\"}").post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("onBehalfOf"))
                .body("errors.field", hasItem("resource"))
                .body("errors.field", hasItem("action"));
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotAskForDecisions() {
        given().contentType(ContentType.JSON).body(deploy("staging")).post("/v1/decisions")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsCannotAskForDecisions() {
        given().contentType(ContentType.JSON).body(deploy("staging")).post("/v1/decisions")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anonymousCallersAreRefused() {
        given().contentType(ContentType.JSON).body(deploy("staging")).post("/v1/decisions")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Transactional
    Decision findDecision(UUID id) {
        return Decision.findById(id);
    }
}
