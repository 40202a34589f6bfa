package dev.goodhart.scoring.scorecard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;
import dev.goodhart.scoring.feed.FeedApplier;
import dev.goodhart.scoring.feed.FeedEvent;
import dev.goodhart.scoring.feed.FeedPage;
import dev.goodhart.scoring.feed.FeedProgress;
import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.Sql;
import dev.goodhart.scoring.support.TestPipeline;

/**
 * Team and organisation scorecards through the HTTP API: exact figures for a known team, every privacy rule (groups
 * and metrics under k withheld with a reason, flags as counts only, no individual anywhere) and every refusal. The
 * data lives in 2033-2034 and 2100, years no other test writes.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScorecardResourceTest {

    /** Mondays of four consecutive ISO weeks, 2033-W01 to 2033-W04. */
    private static final Instant W1 = Instant.parse("2033-01-03T00:00:00Z");
    private static final Instant W2 = W1.plus(Duration.ofDays(7));
    private static final Instant W3 = W1.plus(Duration.ofDays(14));
    private static final Instant W4 = W1.plus(Duration.ofDays(21));
    private static final Instant ORG_WEEK = Instant.parse("2034-06-05T00:00:00Z");
    /** 2034-W30: the week whose precomputed organisation totals the staleness test changes. */
    private static final Instant STALE_WEEK = Instant.parse("2034-07-24T00:00:00Z");
    private static final Instant PENDING_WEEK = Instant.parse("2100-03-01T00:00:00Z");

    @Inject
    TestPipeline pipeline;

    @Inject
    FeedApplier applier;

    @Inject
    FeedProgress progress;

    @Inject
    OrgWeeks orgWeeks;

    @Inject
    DataSource dataSource;

    private final List<FeedEvent> records = new ArrayList<>();
    private int sequence;

    @BeforeAll
    void recordTheTeams() {
        fullTeam();
        for (int person = 1; person <= 4; person++) {
            use("sc-small", person, W4, 1, true);
        }
        fewAiUsers();
        trend();
        flagged();
        for (int person = 1; person <= 5; person++) {
            use("sc-org", person, ORG_WEEK, 2, true);
            use("sc-stale", person, STALE_WEEK, 2, true);
        }
        pipeline.apply(records);
        pipeline.settleBefore(Instant.parse("2099-01-01T00:00:00Z"));

        List<FeedEvent> pending = new ArrayList<>();
        for (int person = 1; person <= 5; person++) {
            pending.add(FeedRecords.usage("sc-pending-" + person, PENDING_WEEK.plusSeconds(3_600), email("sc-pending", person),
                    "sc-pending").build());
        }
        pipeline.applyAndScore(pending);
    }

    /** Six people, two calls each; five merge a PR from their session; four accept output and one rejects it. */
    private void fullTeam() {
        for (int person = 1; person <= 6; person++) {
            use("sc-full", person, W4, 2, person <= 5);
        }
        for (int person = 1; person <= 5; person++) {
            records.add(FeedRecords.outcome("sc-full-verdict-" + person, W4.plusSeconds(10_000), email("sc-full", person),
                    "sc-full", person <= 4 ? "output_accepted" : "output_rejected", null, session("sc-full", person, W4), null));
        }
    }

    /** Seven people in the directory, two of whom used AI. */
    private void fewAiUsers() {
        for (int person = 1; person <= 7; person++) {
            records.add(FeedRecords.person(email("sc-few", person), W1, "sc-few", List.of("sc-few"), true));
        }
        use("sc-few", 1, W4, 1, true);
        use("sc-few", 2, W4, 1, true);
    }

    /** Five people, the same outcomes every week, three times the calls in the last two weeks. */
    private void trend() {
        for (int person = 1; person <= 5; person++) {
            use("sc-trend", person, W1, 1, true);
            use("sc-trend", person, W2, 1, true);
            use("sc-trend", person, W3, 3, true);
            use("sc-trend", person, W4, 3, true);
        }
    }

    /** Five honest people, and one of them also sends twelve near-identical prompts on one day. */
    private void flagged() {
        for (int person = 1; person <= 5; person++) {
            use("sc-flagged", person, W4, 2, true);
        }
        for (int i = 0; i < 12; i++) {
            records.add(FeedRecords.usage("sc-flagged-spam-" + i, W4.plusSeconds(36_000 + i * 60L), email("sc-flagged", 1),
                    "sc-flagged").session("sc-flagged-spam-" + i).tokens(2_000, 400)
                    .fingerprint(i % 2 == 0 ? "a3f09c1e77d2b410" : "a3f09c1e77d2b411").build());
        }
    }

    /** {@code calls} calls in one session on the week's Tuesday; with {@code merged}, a PR merged from it. */
    private void use(String team, int person, Instant monday, int calls, boolean merged) {
        String session = session(team, person, monday);
        for (int call = 0; call < calls; call++) {
            records.add(FeedRecords.usage(team + "-u-" + sequence++, monday.plus(Duration.ofHours(33 + call)),
                    email(team, person), team).session(session).build());
        }
        if (merged) {
            records.add(FeedRecords.outcome(team + "-o-" + sequence++, monday.plus(Duration.ofHours(40)), email(team, person),
                    team, "pr_merged", "https://github.com/acme/" + team + "/pull/" + sequence, session, null));
        }
    }

    private static String session(String team, int person, Instant monday) {
        return team + "-s-" + person + "-" + monday.getEpochSecond();
    }

    private static String email(String team, int person) {
        return team + "-" + person + "@example.com";
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void aTeamOfSixGetsEveryMetric() {
        given().get("/v1/teams/sc-full/scorecard?weeks=1&until=2033-W04").then().statusCode(200)
                .body("team", equalTo("sc-full"))
                .body("minGroupSize", equalTo(5))
                .body("weeks", hasSize(1))
                .body("weeks[0].week", equalTo("2033-W04"))
                .body("weeks[0].from", equalTo("2033-01-24T00:00:00Z"))
                .body("weeks[0].suppressed", equalTo(false))
                .body("weeks[0].people", equalTo(6))
                .body("weeks[0].peopleSource", equalTo("events"))
                .body("weeks[0].aiUsers", equalTo(6))
                .body("weeks[0].rawAdoption", equalTo(1.0f))
                .body("weeks[0].meaningfulUsers", equalTo(5))
                .body("weeks[0].meaningfulAdoption", equalTo(0.8333f))
                .body("weeks[0].tokens", equalTo(14_400))
                .body("weeks[0].costUsd", equalTo(0.12f))
                .body("weeks[0].outcomes", equalTo(9))
                .body("weeks[0].linkedOutcomes", equalTo(9))
                .body("weeks[0].tokensPerOutcome", equalTo(1600.0f))
                .body("weeks[0].costPerOutcome", equalTo(0.0133f))
                .body("weeks[0].acceptanceRate", equalTo(0.8f))
                .body("weeks[0].settled", equalTo(true))
                .body("weeks[0].busyworkShare", equalTo(0.0f))
                .body("weeks[0].goodhartIndex", nullValue())
                .body("weeks[0].suppressedMetrics.metric", equalTo(List.of("goodhartIndex")))
                .body("weeks[0].flags.flaggedPeople", equalTo(0));
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void aTeamUnderKIsSuppressedWholeWithTheReason() {
        given().get("/v1/teams/sc-small/scorecard?weeks=1&until=2033-W04").then().statusCode(200)
                .body("weeks[0].suppressed", equalTo(true))
                .body("weeks[0].reason", equalTo("fewer than 5 people in the group this week"))
                .body("weeks[0].people", nullValue())
                .body("weeks[0].aiUsers", nullValue())
                .body("weeks[0].tokens", nullValue())
                .body("weeks[0].flags", nullValue());
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void metricsOverFewerThanKPeopleAreWithheldWithTheirReason() {
        given().get("/v1/teams/sc-few/scorecard?weeks=1&until=2033-W04").then().statusCode(200)
                .body("weeks[0].suppressed", equalTo(false))
                .body("weeks[0].people", equalTo(7))
                .body("weeks[0].peopleSource", equalTo("directory"))
                .body("weeks[0].aiUsers", equalTo(2))
                .body("weeks[0].rawAdoption", equalTo(0.2857f))
                .body("weeks[0].tokens", nullValue())
                .body("weeks[0].costUsd", nullValue())
                .body("weeks[0].outcomes", nullValue())
                .body("weeks[0].acceptanceRate", nullValue())
                .body("weeks[0].suppressedMetrics.metric", hasItems("tokens", "costUsd", "tokensPerOutcome",
                        "costPerOutcome", "busyworkShare", "outcomes", "linkedOutcomes", "acceptanceRate", "goodhartIndex"))
                .body("weeks[0].suppressedMetrics.find { it.metric == 'tokens' }.reason",
                        equalTo("fewer than 5 people used AI this week"));
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void theGoodhartIndexComparesTokenGrowthWithOutcomeGrowth() {
        given().get("/v1/teams/sc-trend/scorecard?weeks=4&until=2033-W04").then().statusCode(200)
                .body("weeks.week", equalTo(List.of("2033-W01", "2033-W02", "2033-W03", "2033-W04")))
                .body("weeks.tokens", equalTo(List.of(6_000, 6_000, 18_000, 18_000)))
                .body("weeks.outcomes", equalTo(List.of(5, 5, 5, 5)))
                // Three times the tokens for the same outcomes.
                .body("weeks[3].goodhartIndex", equalTo(3.0f))
                .body("weeks[0].goodhartIndex", nullValue());
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void flagsAreCountedNeverAttributed() {
        String body = given().get("/v1/teams/sc-flagged/scorecard?weeks=1&until=2033-W04").then().statusCode(200)
                .body("weeks[0].flags.flaggedPeople", equalTo(1))
                .body("weeks[0].flags.flaggedShare", equalTo(0.2f))
                .body("weeks[0].flags.flaggedAgents", equalTo(0))
                .body("weeks[0].flags.byDetector.near_duplicate_prompts", equalTo(1))
                // 12 spam calls of 2,400 tokens against 5 x 2 honest calls of 1,200.
                .body("weeks[0].busyworkShare", equalTo(0.7059f))
                .extract().asString();
        for (int person = 1; person <= 5; person++) {
            assertFalse(body.contains(FeedRecords.key(email("sc-flagged", person))), "a person key leaked");
            assertFalse(body.contains(email("sc-flagged", person)), "an e-mail leaked");
        }
        assertFalse(body.contains("sc-flagged-spam"), "event ids are evidence for the person, not for analysts");
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void anUnsettledWeekSaysWhyItsFlagsArePending() {
        given().get("/v1/teams/sc-pending/scorecard?weeks=1&until=2100-W09").then().statusCode(200)
                .body("weeks[0].settled", equalTo(false))
                .body("weeks[0].tokens", equalTo(6_000))
                .body("weeks[0].busyworkShare", nullValue())
                .body("weeks[0].flags", nullValue())
                .body("weeks[0].suppressedMetrics.find { it.metric == 'busyworkShare' }.reason", containsString("not settled"));
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void theOrganisationScorecardAggregatesEveryone() {
        given().get("/v1/org/scorecard?weeks=1&until=2034-W23").then().statusCode(200)
                .body("team", nullValue())
                .body("weeks[0].week", equalTo("2034-W23"))
                .body("weeks[0].suppressed", equalTo(false))
                .body("weeks[0].aiUsers", equalTo(5))
                .body("weeks[0].people", greaterThanOrEqualTo(5))
                .body("weeks[0].tokens", equalTo(12_000))
                .body("weeks[0].outcomes", equalTo(5))
                .body("weeks[0].linkedOutcomes", equalTo(5));
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void theOrganisationsPrecomputedWeeksSayWhatThePerPersonRowsSay() {
        orgWeeks.refreshStale();
        List<String> paths = List.of("/v1/org/scorecard?weeks=4&until=2033-W04", "/v1/org/scorecard?weeks=52&until=2034-W30");
        long current = Sql.number(dataSource, "select count(*) from org_week o join scoring_week w on w.week = o.week"
                + " and w.dirty_version = o.dirty_version join feed_cursor c on c.feed = 'ingest'"
                + " and c.directory_version = o.directory_version where o.week between '2033-01-03' and '2034-07-24'");
        long weeksWithEvents = Sql.number(dataSource, "select count(*) from scoring_week"
                + " where week between '2033-01-03' and '2034-07-24'");
        assertEquals(weeksWithEvents, current);
        List<String> precomputed = paths.stream()
                .map(path -> given().get(path).then().statusCode(200).extract().asString()).toList();
        Sql.update(dataSource, "delete from org_week");
        try {
            List<String> summedNow = paths.stream()
                    .map(path -> given().get(path).then().statusCode(200).extract().asString()).toList();
            assertEquals(summedNow, precomputed);
        } finally {
            orgWeeks.refreshStale();
        }
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void aStalePrecomputedWeekIsNeverShown() {
        String path = "/v1/org/scorecard?weeks=1&until=2034-W30";
        orgWeeks.refreshStale();
        try {
            // A current row is what the scorecard reads (a marked row shows through) ...
            Sql.update(dataSource, "update org_week set tokens = tokens + 1 where week = '2034-07-24'");
            given().get(path).then().statusCode(200).body("weeks[0].tokens", equalTo(12_001))
                    .body("weeks[0].aiUsers", equalTo(5));
            // ... until new events for its week arrive: then the week is summed from the per-person rows again.
            applier.apply(progress.position(), new FeedPage(List.of(FeedRecords.usage("sc-stale-late",
                    STALE_WEEK.plus(Duration.ofHours(50)), email("sc-stale", 6), "sc-stale").build()), "sc-stale-1", false));
            given().get(path).then().statusCode(200).body("weeks[0].tokens", equalTo(13_200))
                    .body("weeks[0].aiUsers", equalTo(6));

            orgWeeks.refreshStale();
            Sql.update(dataSource, "update org_week set tokens = tokens + 1 where week = '2034-07-24'");
            given().get(path).then().statusCode(200).body("weeks[0].tokens", equalTo(13_201));
            // A directory change can move people in or out of the organisation: every row is stale.
            applier.apply(progress.position(), new FeedPage(List.of(FeedRecords.person(email("sc-stale", 7),
                    STALE_WEEK.plus(Duration.ofDays(30)), "sc-stale", List.of("sc-stale"), true)), "sc-stale-2", false));
            given().get(path).then().statusCode(200).body("weeks[0].tokens", equalTo(13_200));
        } finally {
            orgWeeks.refreshStale();
            pipeline.score();
        }
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void badParametersNameTheField() {
        given().get("/v1/teams/sc-full/scorecard?weeks=0").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("weeks"));
        given().get("/v1/teams/sc-full/scorecard?weeks=lots").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("weeks"));
        given().get("/v1/org/scorecard?weeks=53").then().statusCode(400).body("errors[0].field", equalTo("weeks"));
        given().get("/v1/teams/sc-full/scorecard?until=2033-W54").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("until"));
        given().get("/v1/org/scorecard?until=last-week").then().statusCode(400).body("errors[0].field", equalTo("until"));
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void anUnknownTeamIsNotFound() {
        given().get("/v1/teams/no-such-team/scorecard").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://goodhart.dev/problems/not-found"));
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void theDefaultIsFourWeeksEndingWithTheCurrentOne() {
        given().get("/v1/org/scorecard").then().statusCode(200)
                .body("weeks", hasSize(4))
                .body("weeks.week", everyItem(not(nullValue())));
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesAreRefused() {
        given().get("/v1/teams/sc-full/scorecard").then().statusCode(403).contentType("application/problem+json");
        given().get("/v1/org/scorecard").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsAreRefused() {
        given().get("/v1/teams/sc-full/scorecard").then().statusCode(403);
        given().get("/v1/org/scorecard").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void spendReadersAreRefused() {
        given().get("/v1/teams/sc-full/scorecard").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/teams/sc-full/scorecard").then().statusCode(401).contentType("application/problem+json");
        given().get("/v1/org/scorecard").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void noEndpointListsOrRanksPeople() {
        for (String path : List.of("/v1/teams/sc-full/people", "/v1/people", "/v1/leaderboard", "/v1/teams/sc-full/ranking")) {
            given().get(path).then().statusCode(404);
        }
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", not(hasItem(containsString("people"))))
                .body("paths.keySet()", not(hasItem(containsString("rank"))));
    }
}
