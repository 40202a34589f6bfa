package dev.goodhart.ingest.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.UUID;

import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.security.Roles;

@QuarkusTest
class UsageEventResourceTest {

    private static String event(String id) {
        return """
                {"id": "%s", "occurredAt": "2026-11-23T10:00:00Z", "person": "Alice@Example.com", "team": "payments",
                 "agent": "triage-bot", "provider": "anthropic", "model": "claude-sonnet-4", "operation": "chat",
                 "inputTokens": 400, "cacheReadTokens": 800, "cacheWriteTokens": 0, "outputTokens": 180,
                 "reasoningTokens": 0, "costUsd": 0.0123, "sessionId": "s-91", "taskId": "PAY-12",
                 "traceId": "5b8efff798038103d269b633813fc60c", "trigger": "human",
                 "artifact": {"kind": "meeting_summary", "ref": "meeting:2026-11-20-standup"},
                 "promptFingerprint": "a3f09c1e77d2b410", "attributes": {"source": "test"}}
                """.formatted(id);
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void storesAnEventOnceAndReportsTheRetryAsDuplicate() {
        String id = "evt-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(event(id)).post("/v1/usage-events")
                .then().statusCode(200).body("stored", equalTo(1)).body("duplicates", equalTo(0));
        given().contentType(ContentType.JSON).body(event(id)).post("/v1/usage-events")
                .then().statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(1));

        UsageEvent stored = findByEventId(id);
        assertEquals(64, stored.personKey.length());
        assertFalse(stored.personKey.contains("alice"), "person identifiers never reach the database");
        assertEquals(400, stored.inputTokens);
        assertEquals(800, stored.cacheReadTokens);
        assertEquals("human", stored.trigger);
        assertEquals("meeting:2026-11-20-standup", stored.artifactRef);
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void pseudonymisesTheSamePersonToTheSameKeyWhateverTheCase() {
        String first = "evt-" + UUID.randomUUID();
        String second = "evt-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(event(first)).post("/v1/usage-events").then().statusCode(200);
        given().contentType(ContentType.JSON).body(event(second).replace("Alice@Example.com", " alice@example.com"))
                .post("/v1/usage-events").then().statusCode(200);
        assertEquals(findByEventId(first).personKey, findByEventId(second).personKey);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().contentType(ContentType.JSON).body(event("evt-anon")).post("/v1/usage-events")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotWriteUsage() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotWriteUsage() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "demo-agent", roles = Roles.AGENT)
    void agentsCannotWriteUsage() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "scoring-service", roles = Roles.FEED_READER)
    void feedReadersCannotWriteUsage() {
        assertForbidden();
    }

    private static void assertForbidden() {
        String id = "evt-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(event(id)).post("/v1/usage-events")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void malformedJsonIsAProblemThatSaysWhere() {
        given().contentType(ContentType.JSON).body("{\"id\": \"evt-1\", \"occurredAt\": ")
                .post("/v1/usage-events")
                .then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/malformed-body"))
                .body("detail", containsString("line 1"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void missingRequiredFieldsAreNamed() {
        given().contentType(ContentType.JSON).body("{\"id\": \"evt-x\", \"inputTokens\": 3}")
                .post("/v1/usage-events")
                .then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/validation"))
                .body("errors.field", hasItem("person"))
                .body("errors.field", hasItem("occurredAt"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void unknownEnumValueIsRejectedWithItsField() {
        given().contentType(ContentType.JSON).body(event("evt-" + UUID.randomUUID()).replace("\"human\"", "\"robot\""))
                .post("/v1/usage-events")
                .then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("trigger"));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void negativeTokenCountIsRejectedAndNothingIsStored() {
        String id = "evt-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(event(id).replace("\"inputTokens\": 400", "\"inputTokens\": -4"))
                .post("/v1/usage-events")
                .then().log().ifValidationFails().statusCode(400)
                .body("errors[0].field", equalTo("inputTokens"));
        assertEquals(0, countByEventId(id));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void wrongContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("hello").post("/v1/usage-events")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Transactional
    UsageEvent findByEventId(String id) {
        return UsageEvent.find("eventId", id).singleResult();
    }

    @Transactional
    long countByEventId(String id) {
        return UsageEvent.count("eventId", id);
    }
}
