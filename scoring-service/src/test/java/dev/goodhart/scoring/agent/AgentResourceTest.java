package dev.goodhart.scoring.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;

import dev.goodhart.common.security.Roles;
import dev.goodhart.scoring.feed.FeedEvent;
import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.TestPipeline;

/**
 * Agent spend and flags as policy-service reads them (docs/contracts.md), through the HTTP API: exact spend for
 * windows ending now, flags with evidence, and every refusal.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentResourceTest {

    private static final Instant FLAG_WEEK = Instant.parse("2035-03-05T00:00:00Z");

    @Inject
    TestPipeline pipeline;

    @BeforeAll
    void recordAgents() {
        Instant now = Instant.now();
        List<FeedEvent> records = new ArrayList<>();
        int n = 0;
        for (Duration ago : List.of(Duration.ofHours(2), Duration.ofHours(26), Duration.ofDays(3), Duration.ofDays(40))) {
            records.add(FeedRecords.usage("spend-" + n++, now.minus(ago), "spend-owner@example.com", "agents")
                    .agent("spend-bot").trigger("schedule").tokens(1_000, 200).cost("0.0125").build());
        }
        // A digest every two hours that nobody ever opens.
        for (int run = 0; run < 12; run++) {
            records.add(FeedRecords.usage("digest-" + run, FLAG_WEEK.plus(Duration.ofHours(2L * run + 1)),
                    "digest-owner@example.com", "agents").agent("digest-bot").trigger("schedule").session("digest-run-" + run)
                    .build());
        }
        pipeline.apply(records);
        pipeline.settleBefore(Instant.parse("2099-01-01T00:00:00Z"));
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void spendCoversExactlyTheWindowEndingNow() {
        JsonPath day = given().get("/v1/agents/spend-bot/spend?window=P1D").then().statusCode(200)
                .body("agentId", equalTo("spend-bot"))
                .body("window", equalTo("P1D"))
                .body("tokens", equalTo(1_200))
                .body("events", equalTo(1))
                .body("costUsd", equalTo(0.0125f))
                .body("asOf", notNullValue())
                .extract().jsonPath();
        assertEquals(Duration.ofDays(1),
                Duration.between(Instant.parse(day.getString("from")), Instant.parse(day.getString("to"))));

        given().get("/v1/agents/spend-bot/spend?window=P7D").then().statusCode(200)
                .body("tokens", equalTo(3_600)).body("events", equalTo(3)).body("costUsd", equalTo(0.0375f));
        given().get("/v1/agents/spend-bot/spend?window=PT3H").then().statusCode(200).body("tokens", equalTo(1_200));
        given().get("/v1/agents/spend-bot/spend?window=P31D").then().statusCode(200).body("events", equalTo(3));
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void theWindowDefaultsToOneDay() {
        given().get("/v1/agents/spend-bot/spend").then().statusCode(200)
                .body("window", equalTo("P1D")).body("tokens", equalTo(1_200));
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void anAgentWithoutUsageSpentNothing() {
        given().get("/v1/agents/never-ran/spend?window=P1D").then().statusCode(200)
                .body("tokens", equalTo(0)).body("events", equalTo(0)).body("costUsd", equalTo(0.0f));
        given().get("/v1/agents/never-ran/flags").then().statusCode(200)
                .body("agentId", equalTo("never-ran")).body("flags", hasSize(0));
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void badWindowsNameTheField() {
        for (String window : List.of("P0D", "PT0S", "P32D", "-P1D", "yesterday", "P1W")) {
            given().queryParam("window", window).get("/v1/agents/spend-bot/spend").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("window"));
        }
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void flagsComeWithTheirEvidence() {
        given().get("/v1/agents/digest-bot/flags").then().statusCode(200)
                .body("agentId", equalTo("digest-bot"))
                .body("flags", hasSize(1))
                .body("flags[0].detector", equalTo("unattended_automation"))
                .body("flags[0].id", notNullValue())
                .body("flags[0].detectedAt", notNullValue())
                .body("flags[0].from", equalTo("2035-03-05T00:00:00Z"))
                .body("flags[0].to", equalTo("2035-03-12T00:00:00Z"))
                .body("flags[0].summary", notNullValue())
                .body("flags[0].evidence.runs", equalTo(12))
                .body("flags[0].evidence.reviewedRuns", equalTo(0))
                .body("flags[0].evidence.exampleEventIds",
                        equalTo(List.of("digest-0", "digest-1", "digest-2", "digest-3", "digest-4")));
    }

    @Test
    @TestSecurity(user = "ada", roles = Roles.POLICY_ADMIN)
    void policyAdminsSeeAgentsSpendAndFlags() {
        given().get("/v1/agents/spend-bot/spend?window=P1D").then().statusCode(200).body("tokens", equalTo(1_200));
        given().get("/v1/agents/digest-bot/flags").then().statusCode(200).body("flags", hasSize(1));
        given().get("/v1/agents?window=P2D").then().statusCode(200)
                .body("find { it.agentId == 'spend-bot' }.events", equalTo(2));
    }

    @Test
    @TestSecurity(user = "policy-service", roles = Roles.SPEND_READER)
    void onlyPolicyAdminsListAgents() {
        given().get("/v1/agents").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void analystsAreRefused() {
        given().get("/v1/agents/spend-bot/spend").then().statusCode(403).contentType("application/problem+json");
        given().get("/v1/agents/spend-bot/flags").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "spend-bot", roles = Roles.AGENT)
    void agentsCannotReadSpendEvenTheirOwn() {
        given().get("/v1/agents/spend-bot/spend").then().statusCode(403);
        given().get("/v1/agents/spend-bot/flags").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "alice", roles = Roles.EMPLOYEE)
    void employeesAreRefused() {
        given().get("/v1/agents/spend-bot/spend").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/agents/spend-bot/spend").then().statusCode(401).contentType("application/problem+json");
        given().get("/v1/agents/spend-bot/flags").then().statusCode(401);
        given().get("/v1/agents").then().statusCode(401);
    }
}
