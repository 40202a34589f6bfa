package dev.goodhart.ingest.outcome;

import static dev.goodhart.ingest.support.TestEvents.anHourAgo;
import static dev.goodhart.ingest.support.TestEvents.newId;
import static dev.goodhart.ingest.support.TestEvents.outcome;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.StoredRows;

@QuarkusTest
class OutcomeResourceTest {

    private static final List<String> KINDS = List.of("pr_merged", "ticket_resolved", "doc_published", "output_accepted",
            "output_rejected", "pr_approved", "pr_opened", "commit_created");

    @Inject
    StoredRows rows;

    private static ValidatableResponse post(String contentType, String body) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).post("/v1/outcomes")
                .then().log().ifValidationFails();
    }

    private static String meeting(String id, String person) {
        return ("{\"id\": \"%s\", \"occurredAt\": \"%s\", %s\"team\": \"payments\", \"kind\": \"meeting_held\", "
                + "\"ref\": \"meeting:2026-11-20-standup\"}")
                .formatted(id, anHourAgo(), person == null ? "" : "\"person\": \"" + person + "\", ");
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void storesEveryKnownKindOnceAndPseudonymisesThePerson() {
        List<String> ids = KINDS.stream().map(kind -> newId("out")).toList();
        String body = java.util.stream.IntStream.range(0, KINDS.size())
                .mapToObj(i -> outcome(ids.get(i), KINDS.get(i))).collect(Collectors.joining(",", "[", "]"));
        post(ContentType.JSON.toString(), body).statusCode(200)
                .body("stored", equalTo(KINDS.size())).body("rejected", empty());
        post(ContentType.JSON.toString(), body).statusCode(200)
                .body("stored", equalTo(0)).body("duplicates", equalTo(KINDS.size()));
        for (int i = 0; i < KINDS.size(); i++) {
            assertEquals(KINDS.get(i), rows.text("select kind from outcome_event where event_id = ?", ids.get(i)));
            assertFalse(rows.rowText("outcome_event", ids.get(i)).contains("alice"));
        }
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void aMeetingHeldMayComeWithoutAPersonButNeedsAMeetingRef() {
        String anonymous = newId("out");
        String organised = newId("out");
        String badRef = newId("out");
        String body = meeting(anonymous, null) + "\n" + meeting(organised, "bob@example.com") + "\n"
                + meeting(badRef, null).replace("meeting:2026-11-20-standup", "https://calendar/123");
        post("application/x-ndjson", body)
                .statusCode(200)
                .body("stored", equalTo(2))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(2))
                .body("rejected[0].field", equalTo("ref"));
        assertNull(rows.text("select person_key from outcome_event where event_id = ?", anonymous));
        assertEquals(64, rows.text("select person_key from outcome_event where event_id = ?", organised).length());
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void unknownKindsAndMissingPeopleAreRejectedPerItem() {
        String good = newId("out");
        String unknownKind = newId("out");
        String noPerson = newId("out");
        String body = "[" + outcome(good, "pr_merged") + "," + outcome(unknownKind, "pr_celebrated") + ","
                + outcome(noPerson, "pr_merged").replace("\"person\": \"alice@example.com\", ", "") + "]";
        post(ContentType.JSON.toString(), body).statusCode(200)
                .body("stored", equalTo(1))
                .body("rejected.find { it.index == 1 }.field", equalTo("kind"))
                .body("rejected.find { it.index == 1 }.detail", containsString("pr_merged, ticket_resolved"))
                .body("rejected.find { it.index == 2 }.field", equalTo("person"))
                .body("rejected.find { it.index == 2 }.detail", equalTo("is required for pr_merged"));
        assertEquals(0, rows.count("outcome_event", unknownKind));
        assertEquals(0, rows.count("outcome_event", noPerson));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void usageAndOutcomeIdsAreSeparateNamespaces() {
        String id = newId("shared");
        given().contentType(ContentType.JSON).body(dev.goodhart.ingest.support.TestEvents.smallUsage(id))
                .post("/v1/usage-events").then().statusCode(200).body("stored", equalTo(1));
        post(ContentType.JSON.toString(), outcome(id, "pr_merged")).statusCode(200).body("stored", equalTo(1));
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void allOrNothingAppliesToOutcomesToo() {
        String good = newId("out");
        given().contentType(ContentType.JSON).queryParam("atomic", "true")
                .body("[" + outcome(good, "pr_merged") + "," + outcome(newId("out"), "nope") + "]")
                .post("/v1/outcomes").then().statusCode(400).body("errors[0].field", equalTo("[1].kind"));
        assertEquals(0, rows.count("outcome_event", good));
    }

    @Test
    void anonymousCallersAreRefused() {
        post(ContentType.JSON.toString(), outcome(newId("out"), "pr_merged")).statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotWriteOutcomes() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotWriteOutcomes() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "demo-agent", roles = Roles.AGENT)
    void agentsCannotWriteOutcomes() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "scoring-service", roles = Roles.FEED_READER)
    void feedReadersCannotWriteOutcomes() {
        assertForbidden();
    }

    private void assertForbidden() {
        String id = newId("out");
        post(ContentType.JSON.toString(), outcome(id, "pr_merged")).statusCode(403).contentType("application/problem+json");
        assertEquals(0, rows.count("outcome_event", id));
    }
}
