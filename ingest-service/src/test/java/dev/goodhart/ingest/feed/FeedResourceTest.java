package dev.goodhart.ingest.feed;

import static dev.goodhart.ingest.support.TestEvents.newId;
import static dev.goodhart.ingest.support.TestEvents.outcome;
import static dev.goodhart.ingest.support.TestEvents.usage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.FeedPages;

@QuarkusTest
class FeedResourceTest {

    private static final PersonKeys TEST_KEYS = new PersonKeys("test-only-pseudonymisation-key-0123456789");
    private static final Set<String> USAGE_FIELDS = Set.of("type", "id", "source", "occurredAt", "receivedAt", "personKey",
            "team", "agent", "provider", "model", "operation", "inputTokens", "cacheReadTokens", "cacheWriteTokens",
            "outputTokens", "reasoningTokens", "costUsd", "sessionId", "taskId", "traceId", "trigger", "artifact",
            "promptFingerprint", "outputFingerprint", "attributes");
    private static final Set<String> OUTCOME_FIELDS = Set.of("type", "id", "source", "occurredAt", "receivedAt",
            "personKey", "team", "kind", "ref", "sessionId", "taskId", "traceId", "attributes");

    private static void write(String path, String body) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(200).body("stored", equalTo(1));
    }

    @Test
    @TestSecurity(user = "test-pipeline", roles = { Roles.USAGE_WRITER, Roles.FEED_READER })
    void servesUsageAndOutcomesInWriteOrderWithTheContractFields() {
        String start = FeedPages.end();
        String usageId = newId("evt");
        String outcomeId = newId("out");
        Instant before = Instant.now();
        write("/v1/usage-events", usage(usageId));
        write("/v1/outcomes", outcome(outcomeId, "pr_merged"));

        List<Map<String, Object>> events = FeedPages.after(start);
        assertEquals(List.of(usageId, outcomeId), events.stream().map(event -> event.get("id")).toList());

        Map<String, Object> usage = events.get(0);
        assertEquals(USAGE_FIELDS, usage.keySet());
        assertEquals("usage", usage.get("type"));
        assertEquals("native", usage.get("source"));
        assertEquals(TEST_KEYS.personKey("alice@example.com"), usage.get("personKey"));
        assertEquals("payments", usage.get("team"));
        assertEquals("triage-bot", usage.get("agent"));
        assertEquals(400, usage.get("inputTokens"));
        assertEquals(800, usage.get("cacheReadTokens"));
        assertEquals(180, usage.get("outputTokens"));
        assertEquals("0.0123", String.valueOf(usage.get("costUsd")));
        assertEquals("human", usage.get("trigger"));
        assertEquals(Map.of("kind", "meeting_summary", "ref", "meeting:2026-11-20-standup"), usage.get("artifact"));
        assertEquals("a3f09c1e77d2b410", usage.get("promptFingerprint"));
        assertNull(usage.get("outputFingerprint"));
        assertEquals(Map.of("gen_ai.request.temperature", 0.2f), usage.get("attributes"));
        assertTrue(!Instant.parse((String) usage.get("receivedAt")).isBefore(before.minusSeconds(1)));

        Map<String, Object> outcome = events.get(1);
        assertEquals(OUTCOME_FIELDS, outcome.keySet());
        assertEquals("outcome", outcome.get("type"));
        assertEquals("pr_merged", outcome.get("kind"));
        assertEquals("https://github.com/acme/shop/pull/42", outcome.get("ref"));
        assertEquals(TEST_KEYS.personKey("alice@example.com"), outcome.get("personKey"));
        assertNull(outcome.get("traceId"));
        assertEquals(Map.of(), outcome.get("attributes"));
    }

    @Test
    @TestSecurity(user = "test-pipeline", roles = { Roles.USAGE_WRITER, Roles.FEED_READER })
    void pagesWithACursorAndAnswersTheSameCursorWhenNothingIsNew() {
        String start = FeedPages.end();
        List<String> ids = List.of(newId("evt"), newId("evt"), newId("evt"));
        ids.forEach(id -> write("/v1/usage-events", usage(id)));

        Set<String> seen = new LinkedHashSet<>();
        String cursor = start;
        for (int i = 0; i < ids.size(); i++) {
            JsonPath page = FeedPages.page(cursor, 1);
            assertEquals(1, page.getList("events").size());
            seen.add(page.getString("events[0].id"));
            assertEquals(i < ids.size() - 1, page.getBoolean("hasMore"));
            cursor = page.getString("next");
        }
        assertEquals(ids, List.copyOf(seen));

        JsonPath empty = FeedPages.page(cursor, 5);
        assertEquals(List.of(), empty.getList("events"));
        assertEquals(cursor, empty.getString("next"));
        assertEquals(false, empty.getBoolean("hasMore"));
    }

    @Test
    @TestSecurity(user = "scoring-service", roles = Roles.FEED_READER)
    void anEmptyFeedStartAnswersAUsableCursor() {
        JsonPath first = FeedPages.page(null, 1);
        assertNotNull(first.getString("next"));
        FeedPages.page(first.getString("next"), 1);
    }

    @Test
    @TestSecurity(user = "scoring-service", roles = Roles.FEED_READER)
    void refusesForeignCursorsAndLimitsOutOfRange() {
        for (String after : List.of("not-a-cursor", "MTIz", "MTotMTo1")) {
            given().queryParam("after", after).get("/v1/feed").then().log().ifValidationFails()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("after"));
        }
        for (String limit : List.of("0", "10001", "many", "-3")) {
            given().queryParam("limit", limit).get("/v1/feed").then().log().ifValidationFails()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        }
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/feed").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void writersCannotReadTheFeed() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotReadTheFeed() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotReadTheFeed() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "demo-agent", roles = Roles.AGENT)
    void agentsCannotReadTheFeed() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsCannotReadTheFeed() {
        assertForbidden();
    }

    private static void assertForbidden() {
        given().get("/v1/feed").then().statusCode(403).contentType("application/problem+json");
    }
}
