package dev.goodhart.policy.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;

@QuarkusTest
class PolicyResourceTest {

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsSeeTheActiveDefaultPolicySet() {
        given().get("/v1/policies")
                .then().statusCode(200)
                .body("version", equalTo(1))
                .body("active", equalTo(true))
                .body("source", containsString("@id(\"deploy-to-staging\")"));
    }

    @Test
    @TestSecurity(user = "service-account-demo-agent", roles = Roles.AGENT)
    void agentsCannotReadPolicies() {
        given().get("/v1/policies").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotReadPolicies() {
        given().get("/v1/policies").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/policies").then().statusCode(401).contentType("application/problem+json");
    }
}
