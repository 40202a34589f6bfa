package dev.goodhart.common.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

/**
 * Readiness follows the database, and requests that need it answer 503 with Retry-After while it is gone. Subclasses
 * run with {@link DatabaseProxyResource} so the database can be cut without stopping the shared server.
 */
public abstract class DatabaseOutageContract {

    private static final Duration CHANGE_WITHIN = Duration.ofSeconds(30);

    /**
     * A request that needs the database, sent with a real token that is otherwise allowed (inherited test methods do
     * not see a subclass's {@code @TestSecurity}).
     */
    protected abstract Response callNeedingTheDatabase();

    @AfterEach
    void giveTheDatabaseBack() {
        DatabaseProxyResource.proxy().restore();
    }

    @Test
    void readinessIsUpOnlyWhileTheDatabaseIsReachable() {
        await().atMost(CHANGE_WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")));

        DatabaseProxyResource.proxy().cut();
        await().atMost(CHANGE_WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        DatabaseProxyResource.proxy().restore();
        await().atMost(CHANGE_WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void answers503WithRetryAfterWhileTheDatabaseIsGone() {
        DatabaseProxyResource.proxy().cut();
        callNeedingTheDatabase()
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://goodhart.dev/problems/service-unavailable"));
    }
}
