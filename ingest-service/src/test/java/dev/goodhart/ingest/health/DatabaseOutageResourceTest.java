package dev.goodhart.ingest.health;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.goodhart.common.testing.DatabaseOutageContract;
import dev.goodhart.common.testing.DatabaseProxyResource;
import dev.goodhart.common.testing.KeycloakTokens;

@QuarkusTest
@WithTestResource(value = DatabaseProxyResource.class, initArgs = @ResourceArg(name = "database", value = "goodhart_ingest"))
class DatabaseOutageResourceTest extends DatabaseOutageContract {

    @Override
    protected Response callNeedingTheDatabase() {
        return given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON)
                .body("""
                        {"id": "evt-outage", "occurredAt": "2026-11-23T10:00:00Z", "person": "alice@example.com",
                         "inputTokens": 1}
                        """)
                .post("/v1/usage-events");
    }
}
