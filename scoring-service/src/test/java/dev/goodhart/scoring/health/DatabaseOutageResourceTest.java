package dev.goodhart.scoring.health;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.goodhart.common.testing.DatabaseOutageContract;
import dev.goodhart.common.testing.DatabaseProxyResource;
import dev.goodhart.common.testing.KeycloakTokens;

@QuarkusTest
@WithTestResource(value = DatabaseProxyResource.class, initArgs = @ResourceArg(name = "database", value = "goodhart_scoring"))
class DatabaseOutageResourceTest extends DatabaseOutageContract {

    @Override
    protected Response callNeedingTheDatabase() {
        return given().auth().oauth2(KeycloakTokens.user("hana")).get("/v1/status");
    }
}
