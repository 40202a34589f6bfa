package dev.goodhart.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** Reads the feed over HTTP as the current test identity (which must hold feed-reader). */
public final class FeedPages {

    private FeedPages() {
    }

    public static JsonPath page(String after, int limit) {
        var request = given().queryParam("limit", limit);
        if (after != null) {
            request.queryParam("after", after);
        }
        return request.get("/v1/feed").then().statusCode(200).extract().jsonPath();
    }

    /** The cursor after everything the feed serves right now. */
    public static String end() {
        String cursor = null;
        while (true) {
            JsonPath page = page(cursor, 10_000);
            cursor = page.getString("next");
            if (!page.getBoolean("hasMore")) {
                return cursor;
            }
        }
    }

    /** Every record after {@code after} that the feed serves right now, in feed order. */
    public static List<Map<String, Object>> after(String after) {
        List<Map<String, Object>> events = new java.util.ArrayList<>();
        String cursor = after;
        while (true) {
            JsonPath page = page(cursor, 10_000);
            events.addAll(page.getList("events"));
            cursor = page.getString("next");
            if (!page.getBoolean("hasMore")) {
                return events;
            }
        }
    }
}
