package dev.goodhart.scoring.metric;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;

@QuarkusTest
class MetricDefinitionResourceTest {

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsReadTheDefinitions() {
        given().get("/v1/metrics/definitions")
                .then().statusCode(200)
                .body("name", hasItems("meaningfulAdoption", "busyworkShare", "goodhartIndex", "linkedOutcomes", "flaggedShare"));
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesReadTheDefinitions() {
        given().get("/v1/metrics/definitions").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsReadTheDefinitions() {
        given().get("/v1/metrics/definitions").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "demo-agent", roles = Roles.AGENT)
    void agentsAreRefused() {
        given().get("/v1/metrics/definitions").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void usageWritersAreRefused() {
        given().get("/v1/metrics/definitions").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/metrics/definitions").then().statusCode(401).contentType("application/problem+json");
    }
}
