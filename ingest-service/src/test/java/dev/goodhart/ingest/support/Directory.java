package dev.goodhart.ingest.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;

import io.restassured.http.ContentType;

/** Writes directory entries as the current test identity (which must hold usage-writer). */
public final class Directory {

    private Directory() {
    }

    public static void upsert(String entries) {
        given().contentType(ContentType.JSON).body(entries).post("/v1/directory/people")
                .then().log().ifValidationFails().statusCode(200).body("rejected", empty());
    }
}
