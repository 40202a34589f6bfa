package dev.goodhart.ingest.directory;

import static dev.goodhart.ingest.support.TestEvents.anHourAgo;
import static dev.goodhart.ingest.support.TestEvents.newId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.Directory;
import dev.goodhart.ingest.support.FeedPages;
import dev.goodhart.ingest.support.StoredRows;

@QuarkusTest
class DirectoryResourceTest {

    private static final PersonKeys KEYS = new PersonKeys("test-only-pseudonymisation-key-0123456789");

    @Inject
    StoredRows rows;

    private static String usageBy(String id, String person, String team) {
        return """
                {"id": "%s", "occurredAt": "%s", "person": "%s", %s "inputTokens": 10}
                """.formatted(id, anHourAgo(), person, team == null ? "" : "\"team\": \"" + team + "\",");
    }

    @Test
    @TestSecurity(user = "hr-sync", roles = { Roles.USAGE_WRITER, Roles.FEED_READER })
    void eventsKeyedByAnyKnownIdentifierLandOnTheCanonicalKeyAndThePrimaryTeam() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "dana-" + tag + "@example.com";
        String login = "dana-gh-" + tag;
        String employeeId = "E-" + tag;
        String alias = "dana.other-" + tag + "@example.org";
        Directory.upsert("""
                [{"email": "%s", "employeeId": "%s", "githubLogin": "%s", "otherEmails": ["%s"],
                  "teams": ["payments", "platform"], "primaryTeam": "platform", "manager": "boss-%s@example.com"}]
                """.formatted(email, employeeId, login, alias, tag));
        String canonical = KEYS.personKey(email);

        String byLogin = newId("evt");
        String byEmployeeId = newId("evt");
        String byAlias = newId("evt");
        String ownTeam = newId("evt");
        String unknown = newId("evt");
        given().contentType(ContentType.JSON).body("[" + String.join(",", usageBy(byLogin, login.toUpperCase(), null),
                usageBy(byEmployeeId, employeeId, null), usageBy(byAlias, alias, null),
                usageBy(ownTeam, email, "payments"), usageBy(unknown, "stranger-" + tag + "@example.com", null)) + "]")
                .post("/v1/usage-events").then().statusCode(200).body("stored", equalTo(5));

        for (String id : List.of(byLogin, byEmployeeId, byAlias)) {
            assertEquals(canonical, rows.text("select person_key from usage_event where event_id = ?", id), id);
            assertEquals("platform", rows.text("select team from usage_event where event_id = ?", id),
                    "a multi-team person's event without a team goes to the primary team");
        }
        assertEquals("payments", rows.text("select team from usage_event where event_id = ?", ownTeam),
                "the event's own team wins");
        assertEquals(KEYS.personKey("stranger-" + tag + "@example.com"),
                rows.text("select person_key from usage_event where event_id = ?", unknown));
        assertNull(rows.text("select team from usage_event where event_id = ?", unknown));

        String outcome = newId("out");
        given().contentType(ContentType.JSON).body("""
                {"id": "%s", "occurredAt": "%s", "person": "%s", "kind": "pr_merged", "ref": "https://github.com/acme/shop/pull/7"}
                """.formatted(outcome, anHourAgo(), login)).post("/v1/outcomes").then().statusCode(200);
        assertEquals(canonical, rows.text("select person_key from outcome_event where event_id = ?", outcome));
        assertEquals("platform", rows.text("select team from outcome_event where event_id = ?", outcome));
    }

    @Test
    @TestSecurity(user = "hr-sync", roles = { Roles.USAGE_WRITER, Roles.FEED_READER })
    void storesOnlyKeyedHashesAndDeliversEachChangeAsAPersonRecord() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "erin-" + tag + "@example.com";
        String login = "erin-gh-" + tag;
        String start = FeedPages.end();
        String entry = """
                {"email": "%s", "githubLogin": "%s", "employeeId": "E9-%s", "teams": ["data"], "manager": "%s"}
                """;
        String manager = "mona-" + tag + "@example.com";
        given().contentType(ContentType.JSON).body("[" + entry.formatted(email, login, tag, manager) + ","
                + "{\"email\": \"" + manager + "\", \"teams\": [\"data\"]}]")
                .post("/v1/directory/people").then().statusCode(200)
                .body("upserted", equalTo(2)).body("unchanged", equalTo(0)).body("rejected", empty());
        given().contentType(ContentType.JSON).body(entry.formatted(email, login, tag, manager))
                .post("/v1/directory/people").then().statusCode(200)
                .body("upserted", equalTo(0)).body("unchanged", equalTo(1));

        String everything = rows.text("select string_agg(t::text, ' ') from (select * from directory_person) t", null)
                + rows.text("select string_agg(t::text, ' ') from (select * from directory_identifier) t", null);
        for (String clear : List.of(email, login, "e9-" + tag, manager, tag)) {
            assertFalse(everything.toLowerCase().contains(clear.toLowerCase()), "stored in clear: " + clear);
        }

        List<Map<String, Object>> people = FeedPages.after(start).stream()
                .filter(event -> "person".equals(event.get("type"))).toList();
        assertEquals(2, people.size(), "the unchanged second upsert adds nothing to the feed");
        Map<String, Object> erin = people.get(0);
        assertEquals(Map.of("type", "person", "id", KEYS.personKey(email), "personKey", KEYS.personKey(email),
                "primaryTeam", "data", "teams", List.of("data"), "managerKey", KEYS.personKey(manager), "active", true),
                without(erin, "receivedAt"));

        String afterFirst = FeedPages.end();
        given().contentType(ContentType.JSON)
                .body("{\"email\": \"%s\", \"teams\": [\"data\", \"ml\"], \"primaryTeam\": \"ml\", \"active\": false}"
                        .formatted(email))
                .post("/v1/directory/people").then().statusCode(200).body("upserted", equalTo(1));
        List<Map<String, Object>> changed = FeedPages.after(afterFirst);
        assertEquals(1, changed.size());
        assertEquals("ml", changed.get(0).get("primaryTeam"));
        assertEquals(false, changed.get(0).get("active"));
        assertNull(changed.get(0).get("managerKey"));
        assertEquals(KEYS.personKey(email), rows.text(
                "select person_key from directory_person where person_key = ?", KEYS.personKey(email)));
        assertEquals(0L, rows.number("select count(*) from directory_identifier where person_key = ?",
                KEYS.personKey(email)), "the latest entry names no other identifier, so none is kept");
    }

    private static Map<String, Object> without(Map<String, Object> event, String field) {
        Map<String, Object> copy = new java.util.HashMap<>(event);
        copy.remove(field);
        return copy;
    }

    @Test
    @TestSecurity(user = "hr-sync", roles = Roles.USAGE_WRITER)
    void refusesEntriesThatCannotBeStoredNamingTheField() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String taken = "fay-" + tag + "@example.com";
        Directory.upsert("{\"email\": \"" + taken + "\"}");
        given().contentType(ContentType.JSON).body("""
                [{"email": "gus-%1$s@example.com", "teams": ["a", "b"]},
                 {"email": "not-an-email"},
                 {"email": "hal-%1$s@example.com", "teams": ["a"], "primaryTeam": "b"},
                 {"email": "ivy-%1$s@example.com", "otherEmails": ["%2$s"]},
                 {"email": "jo-%1$s@example.com", "githubLogin": "shared-%1$s"},
                 {"email": "kim-%1$s@example.com", "githubLogin": "shared-%1$s"},
                 {"teams": ["x"]},
                 {"email": "ok-%1$s@example.com"}]
                """.formatted(tag, taken))
                .post("/v1/directory/people").then().log().ifValidationFails().statusCode(200)
                .body("upserted", equalTo(2))
                .body("rejected", hasSize(6))
                .body("rejected.find { it.index == 0 }.field", equalTo("primaryTeam"))
                .body("rejected.find { it.index == 1 }.field", equalTo("email"))
                .body("rejected.find { it.index == 2 }.field", equalTo("primaryTeam"))
                .body("rejected.find { it.index == 3 }.field", equalTo("otherEmails[0]"))
                .body("rejected.find { it.index == 3 }.detail", containsString("primary e-mail of another person"))
                .body("rejected.find { it.index == 5 }.field", equalTo("githubLogin"))
                .body("rejected.find { it.index == 5 }.detail", containsString("entry 4"))
                .body("rejected.find { it.index == 6 }.field", equalTo("email"));

        given().contentType(ContentType.JSON).queryParam("atomic", "true")
                .body("[{\"email\": \"lou-" + tag + "@example.com\"}, {\"email\": 5}]")
                .post("/v1/directory/people").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1].email"));
        assertEquals(0L, rows.number("select count(*) from directory_person where person_key = ?",
                KEYS.personKey("lou-" + tag + "@example.com")));
    }

    @Test
    void anonymousCallersAreRefused() {
        given().contentType(ContentType.JSON).body("{\"email\": \"a@example.com\"}").post("/v1/directory/people")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesCannotWriteTheDirectory() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsCannotWriteTheDirectory() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "scoring-service", roles = Roles.FEED_READER)
    void feedReadersCannotWriteTheDirectory() {
        assertForbidden();
    }

    @Test
    @TestSecurity(user = "demo-agent", roles = Roles.AGENT)
    void agentsCannotWriteTheDirectory() {
        assertForbidden();
    }

    private static void assertForbidden() {
        given().contentType(ContentType.JSON).body("{\"email\": \"a@example.com\"}").post("/v1/directory/people")
                .then().statusCode(403).contentType("application/problem+json");
    }
}
