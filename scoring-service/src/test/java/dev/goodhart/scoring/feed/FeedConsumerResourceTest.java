package dev.goodhart.scoring.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;
import dev.goodhart.scoring.support.FeedJson;
import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.IngestFeedWireMock;
import dev.goodhart.scoring.support.Sql;

/**
 * The feed consumer against a WireMock ingest-service serving contract-shaped pages: it reads with a real
 * client-credentials token, applies every page, resumes from its stored cursor, ignores redelivered events, survives
 * failures without moving, and reports its position and lag.
 */
@QuarkusTest
@WithTestResource(IngestFeedWireMock.class)
class FeedConsumerResourceTest {

    private static final Instant MONDAY = Instant.parse("2032-01-05T00:00:00Z");
    private static final String TEAM = "feed-consumer";

    @Inject
    FeedConsumer consumer;

    @Inject
    DataSource dataSource;

    private WireMockServer ingest;

    @BeforeEach
    void readFromTheStart() {
        ingest = IngestFeedWireMock.server();
        ingest.resetAll();
        Sql.update(dataSource, "update feed_cursor set position = null, last_error = null where feed = 'ingest'");
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void readsEveryPageWithAClientCredentialsTokenAndResumesFromTheStoredCursor() {
        servePages("c1");
        long stored = consumer.catchUp();

        assertEquals(4, stored);
        given().get("/v1/status").then().statusCode(200)
                .body("position", equalTo("c1-2"))
                .body("caughtUp", equalTo(true))
                .body("lagSeconds", notNullValue())
                .body("lastError", nullValue());
        String authorization = ingest.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
        assertTrue(authorization.startsWith("Bearer "), authorization);
        String payload = new String(Base64.getUrlDecoder().decode(authorization.substring(7).split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"azp\":\"scoring-service\""), payload);
        ingest.verify(getRequestedFor(urlPathEqualTo("/v1/feed")).withQueryParam("after", absent())
                .withQueryParam("limit", WireMock.equalTo("10000")));

        // What a restarted service does: it knows nothing but the stored cursor.
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", WireMock.equalTo("c1-2"))
                .willReturn(okJson(FeedJson.page(List.of(), "c1-2", false))));
        assertEquals(0, consumer.catchUp());
        ingest.verify(getRequestedFor(urlPathEqualTo("/v1/feed")).withQueryParam("after", WireMock.equalTo("c1-2")));
    }

    @Test
    void replayingTheFeedChangesNothing() {
        servePages("c2");
        consumer.catchUp();
        long tokens = Sql.number(dataSource, "select coalesce(sum(tokens), 0) from person_week where team = ?", TEAM + "-c2");
        long outcomes = Sql.number(dataSource, "select coalesce(sum(outcomes), 0) from person_week where team = ?", TEAM + "-c2");
        long duplicates = Sql.number(dataSource, "select duplicates from feed_cursor");

        Sql.update(dataSource, "update feed_cursor set position = null");
        assertEquals(0, consumer.catchUp());

        assertEquals(tokens, Sql.number(dataSource, "select sum(tokens) from person_week where team = ?", TEAM + "-c2"));
        assertEquals(outcomes, Sql.number(dataSource, "select sum(outcomes) from person_week where team = ?", TEAM + "-c2"));
        assertEquals(3_600L, tokens);
        assertEquals(1L, outcomes);
        assertEquals(duplicates + 4, Sql.number(dataSource, "select duplicates from feed_cursor"));
    }

    @Test
    void theExamplePageOfDocsContractsIsReadFieldByField() {
        String key = FeedRecords.key("contract-example@example.com");
        String page = """
                {"events": [
                   {"type": "usage", "id": "contract-evt-8f2c", "source": "native", "occurredAt": "2032-03-01T10:00:00Z",
                    "receivedAt": "2032-03-01T10:00:01.120Z", "personKey": "%1$s", "team": "contract-team",
                    "agent": "contract-triage-bot", "provider": "anthropic", "model": "claude-sonnet-4", "operation": "chat",
                    "inputTokens": 400, "cacheReadTokens": 800, "cacheWriteTokens": 0, "outputTokens": 180,
                    "reasoningTokens": 0, "costUsd": 0.0123, "sessionId": "contract-s-91", "taskId": "PAY-12",
                    "traceId": "5b8efff798038103d269b633813fc60c", "trigger": "human",
                    "artifact": {"kind": "meeting_summary", "ref": "meeting:2026-11-20-standup"},
                    "promptFingerprint": "a3f09c1e77d2b410", "attributes": {"editor": {"name": "vim"}, "tags": ["a"]}},
                   {"type": "outcome", "id": "contract-out-3", "source": "github", "occurredAt": "2032-03-01T15:00:00Z",
                    "receivedAt": "2032-03-01T15:00:00.300Z", "personKey": "%1$s", "team": "contract-team",
                    "kind": "pr_merged", "ref": "https://github.com/acme/shop/pull/42", "sessionId": "contract-s-91",
                    "taskId": "PAY-12", "traceId": null, "attributes": {}},
                   {"type": "person", "id": "%1$s", "personKey": "%1$s", "receivedAt": "2032-03-01T09:00:00Z",
                    "primaryTeam": "contract-team", "teams": ["contract-team", "contract-platform"],
                    "managerKey": "%2$s", "active": true}
                 ],
                 "next": "contract-1", "hasMore": false}""".formatted(key, FeedRecords.key("contract-manager@example.com"));
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).willReturn(okJson(page)));

        assertEquals(2, consumer.catchUp());
        assertEquals(1_380, Sql.number(dataSource, "select tokens from usage_event where event_id = 'contract-evt-8f2c'"
                + " and agent = 'contract-triage-bot' and trigger = 'human' and cost_usd = 0.0123"
                + " and artifact_ref = 'meeting:2026-11-20-standup' and prompt_fingerprint = ?", 0xa3f09c1e77d2b410L));
        assertEquals(1, Sql.number(dataSource, "select outcomes from person_week where team = 'contract-team'"));
        assertEquals(1, Sql.number(dataSource, "select count(*) from person where person_key = ? and in_directory"
                + " and teams = array['contract-team', 'contract-platform'] and primary_team = 'contract-team'", key));
        assertEquals(1, Sql.number(dataSource, "select events from agent_hour where agent = 'contract-triage-bot'"));
    }

    @Test
    void aTransientFailureIsRetried() {
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson(FeedJson.page(List.of(usage("c3-u1", "s-c3").build()), "c3-1", false))));

        assertEquals(1, consumer.catchUp());
        ingest.verify(2, getRequestedFor(urlPathEqualTo("/v1/feed")));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void aBrokenFeedLeavesTheCursorWhereItWasAndSaysWhy() {
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"events\": [ this is not json")));

        assertEquals(0, consumer.catchUp());
        given().get("/v1/status").then().statusCode(200)
                .body("position", nullValue())
                .body("lastError", notNullValue());

        servePages("c4");
        assertEquals(4, consumer.catchUp());
        given().get("/v1/status").then().statusCode(200).body("lastError", nullValue());
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void pagesReadBeforeABrokenOneAreAppliedAndTheCursorStopsAfterThem() {
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", absent())
                .willReturn(okJson(FeedJson.page(List.of(usage("c7-u1", "s-c7").build()), "c7-1", true))));
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", WireMock.equalTo("c7-1"))
                .willReturn(okJson(FeedJson.page(List.of(usage("c7-u2", "s-c7").build()), "c7-2", true))));
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", WireMock.equalTo("c7-2"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"events\": [ broken")));

        assertEquals(2, consumer.catchUp());

        given().get("/v1/status").then().statusCode(200)
                .body("position", equalTo("c7-2"))
                .body("lastError", notNullValue());
        assertEquals(2, Sql.number(dataSource, "select count(*) from usage_event where event_id like 'c7-%'"));
    }

    @Test
    void recordsThatBreakTheContractAreSkippedCountedAndNeverStored() {
        long skipped = Sql.number(dataSource, "select skipped from feed_cursor");
        FeedEvent withoutId = new FeedEvent(FeedEvent.USAGE, null, MONDAY, MONDAY, FeedRecords.key("c5@example.com"), TEAM,
                null, 10L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
        FeedEvent unknownType = new FeedEvent("telemetry", "c5-x", MONDAY, MONDAY, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).willReturn(okJson(FeedJson.page(
                List.of(withoutId, usage("c5-u1", "s-c5").build(), unknownType), "c5-1", false))));

        assertEquals(1, consumer.catchUp());
        assertEquals(skipped + 2, Sql.number(dataSource, "select skipped from feed_cursor"));
        assertEquals(0, Sql.number(dataSource, "select count(*) from usage_event where event_id = 'c5-x'"));
    }

    @Test
    void theLagIsAPrometheusMetric() {
        servePages("c6");
        consumer.catchUp();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("goodhart_feed_lag_seconds"))
                .body(containsString("goodhart_feed_events_applied_total"));
    }

    /**
     * Two pages: two usage events and a directory entry, then an outcome linked by session and a third usage event.
     * Event ids, cursors and the team carry {@code run} so that tests never share rows.
     */
    private void servePages(String run) {
        String team = TEAM + "-" + run;
        String email = run + "@example.com";
        List<FeedEvent> first = List.of(usage(run + "-u1", "s-" + run).build(), usage(run + "-u2", "s-" + run).build(),
                FeedRecords.person(email, MONDAY, team, List.of(team), true));
        List<FeedEvent> second = List.of(
                FeedRecords.outcome(run + "-o1", MONDAY.plusSeconds(7_200), email, team, "pr_merged",
                        "https://github.com/acme/shop/pull/1", "s-" + run, null),
                usage(run + "-u3", "s-" + run + "-b").build());
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", absent())
                .willReturn(okJson(FeedJson.page(first, run + "-1", true))));
        ingest.stubFor(get(urlPathEqualTo("/v1/feed")).withQueryParam("after", WireMock.equalTo(run + "-1"))
                .willReturn(okJson(FeedJson.page(second, run + "-2", false))));
    }

    private static FeedRecords.Usage usage(String id, String session) {
        String run = id.substring(0, id.indexOf('-'));
        return FeedRecords.usage(id, MONDAY.plusSeconds(3_600), run + "@example.com", TEAM + "-" + run).session(session);
    }
}
