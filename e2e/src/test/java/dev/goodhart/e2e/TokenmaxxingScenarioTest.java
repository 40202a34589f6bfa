package dev.goodhart.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.path.json.JsonPath;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.e2e.stack.GoodhartStack;
import dev.goodhart.e2e.stack.GoodhartStackExtension;
import dev.goodhart.e2e.support.Ingest;
import dev.goodhart.e2e.support.Weeks;

/**
 * Scenario 2: a tokenmaxxer summarises meetings that never happened and sends the same prompt again and again. He
 * sees his own flags; an analyst sees only the team's busywork share and flag counts; a team smaller than k is
 * suppressed.
 */
@ExtendWith(GoodhartStackExtension.class)
class TokenmaxxingScenarioTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String team = "growth-" + run;
    private final String tinyTeam = "tiny-" + run;
    private final Weeks week = Weeks.settled();
    private final List<String> bobsEventIds = new ArrayList<>();

    @Test
    void theTokenmaxxerSeesHisFlagsTheAnalystOnlyTheTeamsShareAndSmallTeamsStayHidden(GoodhartStack stack) {
        Ingest ingest = new Ingest(stack.ingestUrl());
        List<Map<String, Object>> usage = new ArrayList<>();
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int person = 1; person <= 5; person++) {
            honestWork("dev" + person + "-" + run + "@example.com", team, person, usage, outcomes);
        }
        for (int person = 1; person <= 2; person++) {
            honestWork("solo" + person + "-" + run + "@example.com", tinyTeam, person, usage, outcomes);
        }
        tokenmaxxing("bob@example.com", usage, outcomes);
        ingest.usage(usage);
        ingest.outcomes(outcomes);

        String bob = KeycloakTokens.user("bob");
        JsonPath bobsFlags = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> given().auth().oauth2(bob).get(stack.scoringUrl() + "/v1/me/flags")
                        .then().statusCode(200).extract().jsonPath(),
                        flags -> flags.getList("flags.detector").containsAll(
                                List.of("phantom_references", "near_duplicate_prompts")));
        List<String> exampleEvents = bobsFlags.getList(
                "flags.find { it.detector == 'near_duplicate_prompts' }.evidence.exampleEventIds", String.class);
        assertFalse(exampleEvents.isEmpty(), "the flag's evidence names example events");
        assertTrue(bobsEventIds.containsAll(exampleEvents), "the evidence names bob's own events: " + exampleEvents);

        given().auth().oauth2(KeycloakTokens.user("alice")).get(stack.scoringUrl() + "/v1/me/flags")
                .then().statusCode(200)
                .body("flags.detector", not(hasItem("phantom_references")));

        String hana = KeycloakTokens.user("hana");
        String scorecard = given().auth().oauth2(hana)
                .queryParam("weeks", 1).queryParam("until", week.isoWeek())
                .get(stack.scoringUrl() + "/v1/teams/" + team + "/scorecard")
                .then().statusCode(200)
                .body("weeks[0].week", equalTo(week.isoWeek()))
                .body("weeks[0].suppressed", equalTo(false))
                .body("weeks[0].people", equalTo(6))
                .body("weeks[0].busyworkShare", greaterThan(0f))
                .body("weeks[0].flags.flaggedPeople", equalTo(1))
                .body("weeks[0].flags.byDetector.phantom_references", equalTo(1))
                .extract().asString();
        assertFalse(scorecard.contains("bob"), "an analyst never learns who was flagged");
        assertFalse(scorecard.contains("evidence"), "an analyst sees counts, not flags");

        given().auth().oauth2(hana)
                .queryParam("weeks", 1).queryParam("until", week.isoWeek())
                .get(stack.scoringUrl() + "/v1/teams/" + tinyTeam + "/scorecard")
                .then().statusCode(200)
                .body("weeks[0].suppressed", equalTo(true))
                .body("weeks[0].reason", notNullValue())
                .body("weeks[0].busyworkShare", equalTo(null));

        given().auth().oauth2(hana).get(stack.scoringUrl() + "/v1/me/flags")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(bob).get(stack.scoringUrl() + "/v1/teams/" + team + "/scorecard")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(bob).get(stack.scoringUrl() + "/v1/me/scorecard")
                .then().statusCode(200).body("weeks", not(empty()));
    }

    /** Two sessions that each end in a merged pull request: real work, no flag. */
    private void honestWork(String person, String inTeam, int n, List<Map<String, Object>> usage,
            List<Map<String, Object>> outcomes) {
        for (int session = 0; session < 2; session++) {
            String sessionId = "s-" + run + "-" + person + "-" + session;
            Instant start = week.at(1 + session, 9 + n, 0);
            for (int call = 0; call < 3; call++) {
                usage.add(usageEvent(person, inTeam, sessionId, start.plusSeconds(600L * call + 37L * n),
                        "%016x".formatted(person.hashCode() * 31L + session * 7L + call), null));
            }
            outcomes.add(outcome("pr-" + sessionId, person, inTeam, "pr_merged",
                    "https://github.com/acme/shop/pull/" + Math.abs(sessionId.hashCode()), sessionId,
                    start.plusSeconds(3 * 3600)));
        }
    }

    /** Summaries of five meetings nobody held (one real meeting beside them) and one prompt sent twelve times. */
    private void tokenmaxxing(String person, List<Map<String, Object>> usage, List<Map<String, Object>> outcomes) {
        for (int meeting = 0; meeting < 5; meeting++) {
            Map<String, Object> summary = usageEvent(person, team, "s-" + run + "-summary-" + meeting,
                    week.at(meeting % 5, 16, 5 * meeting), "%016x".formatted(0x5a5a0000L + meeting),
                    Map.of("kind", "meeting_summary", "ref", "meeting:" + run + "-phantom-" + meeting));
            usage.add(summary);
        }
        usage.add(usageEvent(person, team, "s-" + run + "-summary-real", week.at(2, 11, 0), "%016x".formatted(0x77L),
                Map.of("kind", "meeting_summary", "ref", "meeting:" + run + "-real")));
        outcomes.add(outcome("held-" + run, null, team, "meeting_held", "meeting:" + run + "-real", null,
                week.at(2, 10, 0)));
        for (int repeat = 0; repeat < 12; repeat++) {
            usage.add(usageEvent(person, team, "s-" + run + "-again-" + repeat, week.at(3, 9, 4 * repeat + repeat % 3),
                    "a3f09c1e77d2b410", null));
        }
    }

    private Map<String, Object> usageEvent(String person, String inTeam, String sessionId, Instant at,
            String fingerprint, Map<String, Object> artifact) {
        String id = "evt-" + UUID.randomUUID();
        if (person.startsWith("bob")) {
            bobsEventIds.add(id);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("occurredAt", at.toString());
        event.put("person", person);
        event.put("team", inTeam);
        event.put("provider", "anthropic");
        event.put("model", "claude-sonnet-4");
        event.put("operation", "chat");
        event.put("inputTokens", 900);
        event.put("outputTokens", 400);
        event.put("costUsd", 0.0087);
        event.put("sessionId", sessionId);
        event.put("trigger", "human");
        event.put("promptFingerprint", fingerprint);
        if (artifact != null) {
            event.put("artifact", artifact);
        }
        return event;
    }

    private static Map<String, Object> outcome(String id, String person, String inTeam, String kind, String ref,
            String sessionId, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("occurredAt", at.toString());
        if (person != null) {
            event.put("person", person);
        }
        event.put("team", inTeam);
        event.put("kind", kind);
        event.put("ref", ref);
        if (sessionId != null) {
            event.put("sessionId", sessionId);
        }
        return event;
    }
}
