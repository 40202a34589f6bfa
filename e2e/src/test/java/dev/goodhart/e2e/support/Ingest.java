package dev.goodhart.e2e.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

import dev.goodhart.common.testing.KeycloakTokens;

/** Sends events through ingest-service's native API as the {@code demo-source} client, and insists they are stored. */
public final class Ingest {

    private final String baseUrl;

    public Ingest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void usage(List<Map<String, Object>> events) {
        send("/v1/usage-events", events);
    }

    public void outcomes(List<Map<String, Object>> events) {
        send("/v1/outcomes", events);
    }

    private void send(String path, List<Map<String, Object>> events) {
        given().auth().oauth2(KeycloakTokens.client("demo-source")).contentType(ContentType.JSON).body(events)
                .queryParam("atomic", true)
                .post(baseUrl + path)
                .then().statusCode(200)
                .body("stored", equalTo(events.size()))
                .body("rejected", empty());
    }
}
