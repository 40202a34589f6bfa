package dev.goodhart.scoring.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;
import dev.goodhart.scoring.score.Scorer;
import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.IngestFeedWireMock;
import dev.goodhart.scoring.support.Sql;

/**
 * Records shaped like the sources of issue 4 (docs/contracts.md), read by the feed consumer from a WireMock
 * ingest-service: Copilot's daily count-only samples with an aggregated acceptance per day, Claude Code's count-only
 * session samples and aggregated edit decisions, directory entries with a manager. They count as AI use and as
 * {@code attributes.count} outcomes, never as tokens; per-token metrics and the detectors are not distorted by them.
 * The data lives in 2037, a year no other test writes.
 */
@QuarkusTest
@WithTestResource(IngestFeedWireMock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceRecordsResourceTest {

    /** Monday of 2037-W02. */
    private static final Instant MONDAY = Instant.parse("2037-01-05T00:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2037-01-10T00:00:00Z");
    /** Received after the week's end plus the link window: the week is settled and judged. */
    private static final Instant SETTLING = Instant.parse("2037-03-01T00:00:00Z");
    private static final String TEAM = "src-team";
    private static final String DETECT = "src-detect";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FeedConsumer consumer;

    @Inject
    Scorer scorer;

    @Inject
    DataSource dataSource;

    private long skippedBefore;

    @BeforeAll
    void readTheSources() {
        WireMockServer ingest = IngestFeedWireMock.server();
        ingest.resetAll();
        Sql.update(dataSource, "update feed_cursor set position = null, last_error = null where feed = 'ingest'");
        skippedBefore = Sql.number(dataSource, "select skipped from feed_cursor");

        List<Map<String, Object>> first = new ArrayList<>();
        for (String person : List.of("cp1", "cp2", "cp3", "cc1", "cc2", "nat1", "idle1")) {
            first.add(person(person, TEAM, RECEIVED));
        }
        for (String person : List.of("heartbeat", "script", "orphan")) {
            first.add(person(person, DETECT, RECEIVED));
        }
        for (String person : List.of("cp1", "cp2", "cp3")) {
            copilotWeek(first, person);
        }
        List<Map<String, Object>> second = new ArrayList<>();
        claudeCodeSession(second, "cc1", 1);
        claudeCodeSession(second, "cc2", 2);
        nativeSession(second);
        heartbeat(second);
        script(second);
        orphan(second);
        agentSpend(second);
        badCounts(second);
        second.add(person("watermark", "src-watermark", SETTLING));

        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", absent())
                .willReturn(okJson(page(first, "src-1", true))));
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", WireMock.equalTo("src-1"))
                .willReturn(okJson(page(second, "src-2", false))));
        consumer.catchUp();
        scorer.scorePending();
    }

    /** Copilot's user-level report: a count-only sample and an acceptance of 40 suggestions per workday, no ids. */
    private static void copilotWeek(List<Map<String, Object>> records, String person) {
        for (int day = 0; day < 5; day++) {
            Instant midnight = MONDAY.plus(Duration.ofDays(day));
            Map<String, Object> sample = usage("src-copilot-" + person + "-" + day, midnight, person, TEAM, "copilot");
            sample.put("provider", "github");
            sample.put("operation", "copilot_daily_activity");
            countOnly(sample, Map.of("copilot.user_initiated_interaction_count", 12,
                    "copilot.code_acceptance_activity_count", 40, "copilot.ides", List.of("vscode"), "copilot.used_chat", true));
            records.add(sample);
            Map<String, Object> accepted = outcome("src-copilot-" + person + "-" + day + "-accepted", midnight, person, TEAM,
                    "copilot", "output_accepted");
            accepted.put("attributes", Map.of("count", 40, "copilot.loc_added_sum", 120));
            records.add(accepted);
        }
    }

    /**
     * Claude Code: a count-only session sample, five API requests of 10,000 tokens, 3 accepted and 1 rejected edit
     * (aggregated), activity counters, and the pull request the session's last request made, merged the next day.
     */
    private static void claudeCodeSession(List<Map<String, Object>> records, String person, int pullRequest) {
        String session = "src-" + person + "-session";
        Instant start = MONDAY.plus(Duration.ofHours(33));
        Map<String, Object> sessionStart = usage("src-" + person + "-sessions", start, person, TEAM, "claude-code");
        sessionStart.put("operation", "session_start");
        sessionStart.put("sessionId", session);
        countOnly(sessionStart, Map.of("count", 1));
        records.add(sessionStart);
        String pr = "https://github.com/acme/src/pull/" + pullRequest;
        for (int call = 0; call < 5; call++) {
            Map<String, Object> request = usage("src-" + person + "-request-" + call, start.plus(Duration.ofMinutes(5 + 7L * call)),
                    person, TEAM, "claude-code");
            request.put("sessionId", session);
            tokens(request, 2_000, 6_000, 2_000);
            if (call == 4) {
                request.put("artifact", Map.of("kind", "pull_request", "ref", pr));
            }
            records.add(request);
        }
        for (Object[] decision : new Object[][] { { "output_accepted", 3 }, { "output_rejected", 1 }, { "pr_opened", 1 },
                { "commit_created", 2 } }) {
            Map<String, Object> counted = outcome("src-" + person + "-" + decision[0], start.plus(Duration.ofHours(1)), person,
                    TEAM, "claude-code", (String) decision[0]);
            counted.put("sessionId", session);
            counted.put("attributes", Map.of("count", decision[1], "claude_code.tool_name", "Edit"));
            records.add(counted);
        }
        Map<String, Object> merged = outcome("src-" + person + "-merged", start.plus(Duration.ofHours(27)), person, TEAM,
                "github", "pr_merged");
        merged.put("ref", pr);
        records.add(merged);
    }

    /** Two calls of 10,000 tokens through the native API and a pull request merged from their session. */
    private static void nativeSession(List<Map<String, Object>> records) {
        for (int call = 0; call < 2; call++) {
            Map<String, Object> request = usage("src-nat1-" + call, MONDAY.plus(Duration.ofHours(34 + call)), "nat1", TEAM,
                    "native");
            request.put("sessionId", "src-nat1-session");
            tokens(request, 2_000, 6_000, 2_000);
            records.add(request);
        }
        Map<String, Object> merged = outcome("src-nat1-merged", MONDAY.plus(Duration.ofHours(40)), "nat1", TEAM, "native",
                "pr_merged");
        merged.put("sessionId", "src-nat1-session");
        records.add(merged);
    }

    /** Sixty count-only samples exactly 90 s apart: presence, not calls, so no machine cadence. */
    private static void heartbeat(List<Map<String, Object>> records) {
        for (int i = 0; i < 60; i++) {
            Map<String, Object> sample = usage("src-heartbeat-" + i, MONDAY.plus(Duration.ofHours(58)).plusSeconds(90L * i),
                    "heartbeat", DETECT, "claude-code");
            sample.put("operation", "session_start");
            sample.put("sessionId", "src-heartbeat-" + i);
            countOnly(sample, Map.of("count", 1));
            records.add(sample);
        }
    }

    /**
     * Sixty calls reported as human, exactly 90 s apart (a script), with a count-only session sample 7 s after every
     * third call: the samples must not break the script's rhythm.
     */
    private static void script(List<Map<String, Object>> records) {
        Instant start = MONDAY.plus(Duration.ofHours(60));
        for (int i = 0; i < 60; i++) {
            Instant at = start.plusSeconds(90L * i);
            Map<String, Object> call = usage("src-script-" + i, at, "script", DETECT, "native");
            call.put("sessionId", "src-script-" + i);
            tokens(call, 600, 1_000, 400);
            records.add(call);
            if (i % 3 == 0) {
                Map<String, Object> sample = usage("src-script-session-" + i, at.plusSeconds(7), "script", DETECT,
                        "claude-code");
                sample.put("operation", "session_start");
                sample.put("sessionId", "src-script-" + i);
                countOnly(sample, Map.of("count", 1));
                records.add(sample);
            }
        }
    }

    /** Thirty unlinked calls of 10,000 tokens at irregular times, and twenty-five count-only samples. */
    private static void orphan(List<Map<String, Object>> records) {
        for (int i = 0; i < 30; i++) {
            Map<String, Object> call = usage("src-orphan-" + i, MONDAY.plus(Duration.ofHours(80)).plusSeconds(600L * i
                    + i * i * 37L % 541), "orphan", DETECT, "native");
            tokens(call, 2_000, 6_000, 2_000);
            records.add(call);
        }
        for (int i = 0; i < 25; i++) {
            Map<String, Object> sample = usage("src-orphan-sample-" + i, MONDAY.plus(Duration.ofHours(100 + i)), "orphan",
                    DETECT, "copilot");
            countOnly(sample, Map.of());
            records.add(sample);
        }
    }

    /** An agent's count-only sample beside one call in the same hour: spend counts the call only. */
    private static void agentSpend(List<Map<String, Object>> records) {
        Instant at = MONDAY.plus(Duration.ofHours(82));
        Map<String, Object> sample = usage("src-agent-sample", at, "script", DETECT, "otlp");
        sample.put("agent", "src-agent");
        sample.put("trigger", "agent");
        countOnly(sample, Map.of());
        // A cost on a count-only sample contradicts the contract; it is not spend either.
        sample.put("costUsd", 1.5);
        records.add(sample);
        Map<String, Object> call = usage("src-agent-call", at.plusSeconds(60), "script", DETECT, "otlp");
        call.put("agent", "src-agent");
        call.put("trigger", "agent");
        tokens(call, 100, 0, 50);
        records.add(call);
    }

    /** attributes.count must be a whole number of at least 1: these are skipped, except the whole 2.0. */
    private static void badCounts(List<Map<String, Object>> records) {
        Object[] counts = { 0, "three", 2.5, -4, 2.0 };
        for (int i = 0; i < counts.length; i++) {
            Map<String, Object> accepted = outcome("src-count-" + i, MONDAY.plus(Duration.ofHours(85)), "orphan", DETECT,
                    "native", "output_accepted");
            accepted.put("attributes", Map.of("count", counts[i]));
            records.add(accepted);
        }
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void countOnlySamplesAreAiUseAndAggregatedOutcomesCountAsManyAsTheyStandFor() {
        given().get("/v1/teams/" + TEAM + "/scorecard?weeks=1&until=2037-W02").then().statusCode(200)
                .body("weeks[0].suppressed", equalTo(false))
                // Seven directory members; the one without any AI use lowers adoption.
                .body("weeks[0].people", equalTo(7))
                .body("weeks[0].peopleSource", equalTo("directory"))
                .body("weeks[0].aiUsers", equalTo(6))
                .body("weeks[0].rawAdoption", equalTo(0.8571f))
                // Copilot users are meaningful through their daily acceptances, Claude Code users through their session.
                .body("weeks[0].meaningfulUsers", equalTo(6))
                // Count-only samples add no tokens and no cost: 10 Claude Code requests and 2 native calls.
                .body("weeks[0].tokens", equalTo(120_000))
                .body("weeks[0].costUsd", equalTo(0.6f))
                // 3 x 5 days x 40 Copilot acceptances, 2 x (3 accepted edits + 1 merge), 1 native merge; activity
                // counters (pr_opened, commit_created) are never outcomes.
                .body("weeks[0].outcomes", equalTo(609))
                .body("weeks[0].linkedOutcomes", equalTo(609))
                // Per-token metrics divide by the 9 outcomes that calls link to, not by the Copilot acceptances whose
                // tokens no source reported.
                .body("weeks[0].tokensPerOutcome", equalTo(13_333.3f))
                .body("weeks[0].costPerOutcome", equalTo(0.0667f))
                .body("weeks[0].acceptanceRate", equalTo(0.9967f))
                .body("weeks[0].settled", equalTo(true))
                .body("weeks[0].busyworkShare", equalTo(0.0f))
                .body("weeks[0].flags.flaggedPeople", equalTo(0));
    }

    @Test
    void countOnlySamplesNeitherMakeNorHideAMachineCadence() {
        assertEquals(List.of(), detectors("heartbeat"));
        assertEquals(List.of("machine_cadence"), detectors("script"));
        assertEquals(60, Sql.number(dataSource, "select (evidence ->> 'regularCalls')::int from flag f join person p"
                + " on p.id = f.person_id where p.person_key = ? and f.detector = 'machine_cadence'", key("script")));
    }

    @Test
    void orphanOutputWeighsCallsOnly() {
        assertEquals(List.of("orphan_output"), detectors("orphan"));
        assertEquals(30, Sql.number(dataSource, "select (evidence ->> 'humanEvents')::int from flag f join person p"
                + " on p.id = f.person_id where p.person_key = ? and f.detector = 'orphan_output'", key("orphan")));
        assertEquals(30, Sql.number(dataSource, "select events from flag f join person p on p.id = f.person_id"
                + " where p.person_key = ? and f.detector = 'orphan_output'", key("orphan")));
    }

    @Test
    void countOnlySamplesAreNeverAgentSpend() {
        assertEquals(1, Sql.number(dataSource, "select sum(events) from agent_hour where agent = 'src-agent'"));
        assertEquals(150, Sql.number(dataSource, "select sum(tokens) from agent_hour where agent = 'src-agent'"));
        assertEquals(0, Sql.number(dataSource, "select count(*) from usage_event where event_id = 'src-agent-sample'"
                + " and (tokens <> 0 or cost_usd <> 0 or not count_only)"));
    }

    @Test
    void countsThatAreNotWholeNumbersFromOneUpAreSkipped() {
        assertEquals(skippedBefore + 4, Sql.number(dataSource, "select skipped from feed_cursor"));
        assertEquals(1, Sql.number(dataSource, "select count(*) from outcome_event where event_id like 'src-count-%'"));
        assertEquals(2, Sql.number(dataSource, "select count from outcome_event where event_id = 'src-count-4'"));
    }

    @Test
    void directoryEntriesWithAManagerAreApplied() {
        assertEquals(10, Sql.number(dataSource, "select count(*) from person where in_directory and active"
                + " and primary_team in (?, ?)", TEAM, DETECT));
    }

    private List<String> detectors(String person) {
        List<String> found = new ArrayList<>();
        long flags = Sql.number(dataSource, "select count(*) from flag f join person p on p.id = f.person_id"
                + " where p.person_key = ?", key(person));
        if (flags > 0) {
            for (String detector : List.of("machine_cadence", "orphan_output", "near_duplicate_prompts", "cutoff_spike",
                    "phantom_references", "unattended_automation", "self_looping_automation")) {
                if (Sql.number(dataSource, "select count(*) from flag f join person p on p.id = f.person_id"
                        + " where p.person_key = ? and f.detector = ?", key(person), detector) > 0) {
                    found.add(detector);
                }
            }
        }
        return found;
    }

    private static String key(String person) {
        return FeedRecords.key(person + "@src.example.com");
    }

    private static Map<String, Object> person(String person, String team, Instant receivedAt) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "person");
        record.put("id", key(person));
        record.put("personKey", key(person));
        record.put("receivedAt", receivedAt.toString());
        record.put("primaryTeam", team);
        record.put("teams", List.of(team));
        record.put("managerKey", key("lead"));
        record.put("active", true);
        return record;
    }

    /** The fields usage and outcome records share. */
    private static Map<String, Object> event(String type, String id, Instant at, String person, String team,
            String source) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", type);
        record.put("id", id);
        record.put("source", source);
        record.put("occurredAt", at.toString());
        record.put("receivedAt", RECEIVED.toString());
        record.put("personKey", key(person));
        record.put("team", team);
        return record;
    }

    private static Map<String, Object> usage(String id, Instant at, String person, String team, String source) {
        Map<String, Object> record = event("usage", id, at, person, team, source);
        record.put("agent", null);
        record.put("provider", "anthropic");
        record.put("model", "claude-sonnet-4");
        record.put("operation", "chat");
        record.put("costUsd", 0.05);
        record.put("sessionId", null);
        record.put("trigger", "human");
        record.put("artifact", null);
        record.put("promptFingerprint", null);
        record.put("outputFingerprint", null);
        record.put("attributes", Map.of());
        return record;
    }

    /** Uncached input, cache read and output tokens. */
    private static void tokens(Map<String, Object> record, long input, long cacheRead, long output) {
        record.put("inputTokens", input);
        record.put("cacheReadTokens", cacheRead);
        record.put("cacheWriteTokens", 0);
        record.put("outputTokens", output);
        record.put("reasoningTokens", 0);
    }

    /** A count-only sample as ingest-service makes them: zero token counts, no cost, tokens_reported false. */
    private static void countOnly(Map<String, Object> record, Map<String, Object> attributes) {
        tokens(record, 0, 0, 0);
        record.put("costUsd", null);
        Map<String, Object> all = new LinkedHashMap<>(attributes);
        all.put("goodhart.tokens_reported", false);
        record.put("attributes", all);
    }

    private static Map<String, Object> outcome(String id, Instant at, String person, String team, String source,
            String kind) {
        Map<String, Object> record = event("outcome", id, at, person, team, source);
        record.put("kind", kind);
        record.put("ref", null);
        record.put("sessionId", null);
        record.put("taskId", null);
        record.put("traceId", null);
        record.put("attributes", Map.of());
        return record;
    }

    private static String page(List<Map<String, Object>> records, String next, boolean hasMore) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("events", records);
        page.put("next", next);
        page.put("hasMore", hasMore);
        try {
            return JSON.writeValueAsString(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
