package dev.goodhart.scoring.feed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;

@QuarkusTest
class StatusResourceTest {

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsSeeTheFeedPositionAndTheScoringBacklog() {
        given().get("/v1/status").then().statusCode(200)
                .body("eventsApplied", greaterThanOrEqualTo(0))
                .body("duplicates", greaterThanOrEqualTo(0))
                .body("skipped", greaterThanOrEqualTo(0))
                .body("caughtUp", notNullValue())
                .body("weeksPendingScoring", greaterThanOrEqualTo(0));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsSeeItToo() {
        given().get("/v1/status").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesAreRefused() {
        given().get("/v1/status").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void spendReadersAreRefused() {
        given().get("/v1/status").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/status").then().statusCode(401).contentType("application/problem+json");
    }
}
