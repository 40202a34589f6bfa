package dev.goodhart.ingest.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.goodhart.common.testing.DatabaseOutageContract;
import dev.goodhart.common.testing.DatabaseProxyResource;
import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.ingest.support.TestEvents;

@QuarkusTest
@WithTestResource(value = DatabaseProxyResource.class, initArgs = @ResourceArg(name = "database", value = "goodhart_ingest"))
class DatabaseOutageResourceTest extends DatabaseOutageContract {

    @Override
    protected Response callNeedingTheDatabase() {
        return given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON)
                .body("[" + TestEvents.smallUsage(TestEvents.newId("evt-outage")) + "]")
                .post("/v1/usage-events");
    }

    @Test
    void outcomesAndTheFeedAnswer503WithRetryAfterWhileTheDatabaseIsGone() {
        DatabaseProxyResource.proxy().cut();
        assert503(given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType("application/x-ndjson")
                .body(TestEvents.outcome(TestEvents.newId("out-outage"), "pr_merged").replace("\n", " ")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/outcomes"));
        assert503(given().auth().oauth2(KeycloakTokens.client("scoring-service")).get("/v1/feed"));
    }

    private static void assert503(Response response) {
        response.then().log().ifValidationFails().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://goodhart.dev/problems/service-unavailable"));
    }
}
