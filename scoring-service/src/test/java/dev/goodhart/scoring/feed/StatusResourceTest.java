package dev.goodhart.scoring.feed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;

@QuarkusTest
class StatusResourceTest {

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsSeeTheFeedPosition() {
        given().get("/v1/status").then().statusCode(200).body("eventsApplied", greaterThanOrEqualTo(0));
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesAreRefused() {
        given().get("/v1/status").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/status").then().statusCode(401).contentType("application/problem+json");
    }
}
