package dev.goodhart.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

/** The OpenAPI document and health are public; every documented operation explains its 401 and 403 as problems. */
public abstract class OpenApiContract {

    @Test
    void theOpenApiDocumentIsPublicAndDocumentsProblems() {
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas.Problem", notNullValue())
                .body("paths.collect { it.value.values() }.flatten().responses", everyItem(hasKey("401")))
                .body("paths.collect { it.value.values() }.flatten().responses", everyItem(hasKey("403")));
    }

    @Test
    void healthAndMetricsArePublic() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void unknownPathsAnswerProblemJson() {
        given().get("/v1/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/not-found"));
    }
}
