package dev.goodhart.ingest.feed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.SecuredEndpointContract;
import dev.goodhart.ingest.support.TestEvents;

/** GET /v1/feed with tokens issued by the real Keycloak: scoring-service reads, nobody else. */
@QuarkusTest
class FeedOidcResourceTest extends SecuredEndpointContract {

    @Override
    protected Response send(RequestSpecification request) {
        return request.queryParam("limit", 10).get("/v1/feed");
    }

    @Override
    protected String permittedToken() {
        return KeycloakTokens.client("scoring-service");
    }

    @Override
    protected String forbiddenToken() {
        return KeycloakTokens.client("demo-source");
    }

    @Test
    void whatASourceWritesScoringServiceReads() {
        String cursor = null;
        boolean more = true;
        while (more) {
            var page = given().auth().oauth2(permittedToken()).queryParam("after", cursor).queryParam("limit", 10_000)
                    .get("/v1/feed").then().statusCode(200).extract().jsonPath();
            cursor = page.getString("next");
            more = page.getBoolean("hasMore");
        }
        String id = TestEvents.newId("evt");
        given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON)
                .body(TestEvents.usage(id)).post("/v1/usage-events").then().statusCode(200);
        given().auth().oauth2(permittedToken()).queryParam("after", cursor).get("/v1/feed")
                .then().statusCode(200).body("events.id", hasItem(id));
        for (String user : new String[] { "alice", "hana", "ada" }) {
            given().auth().oauth2(KeycloakTokens.user(user)).get("/v1/feed").then().statusCode(403);
        }
        given().auth().oauth2(KeycloakTokens.client("demo-agent")).get("/v1/feed").then().statusCode(403);
    }
}
