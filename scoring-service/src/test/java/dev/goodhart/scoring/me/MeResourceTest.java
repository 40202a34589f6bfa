package dev.goodhart.scoring.me;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

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
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

import dev.goodhart.common.security.Roles;
import dev.goodhart.scoring.feed.FeedEvent;
import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.TestPipeline;

/**
 * An employee's private view through the HTTP API: the token's e-mail claim, hashed like ingest-service does, finds
 * their own rows and nobody else's.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeResourceTest {

    private static final Instant MONDAY = Instant.parse("2036-02-04T00:00:00Z");
    private static final String ERIN = "Erin@Example.com";
    private static final String FRANK = "frank@example.com";

    @Inject
    TestPipeline pipeline;

    @BeforeAll
    void recordTwoPeople() {
        List<FeedEvent> records = new ArrayList<>();
        // Erin: three calls in one session, merged as a PR, and one accepted output.
        for (int i = 0; i < 3; i++) {
            records.add(FeedRecords.usage("me-erin-" + i, MONDAY.plus(Duration.ofHours(10 + i)), "erin@example.com", "me")
                    .session("me-erin-s").tokens(2_000, 500).cost("0.0200").build());
        }
        records.add(FeedRecords.outcome("me-erin-merged", MONDAY.plus(Duration.ofHours(20)), "erin@example.com", "me",
                "pr_merged", "https://github.com/acme/me/pull/1", "me-erin-s", null));
        records.add(FeedRecords.outcome("me-erin-accepted", MONDAY.plus(Duration.ofHours(13)), "erin@example.com", "me",
                "output_accepted", null, "me-erin-s", null));
        // Frank: twelve near-identical prompts on one day, nothing to show for them.
        for (int i = 0; i < 12; i++) {
            records.add(FeedRecords.usage("me-frank-" + i, MONDAY.plus(Duration.ofMinutes(600 + i)), FRANK, "me")
                    .session("me-frank-s-" + i).fingerprint(i % 2 == 0 ? "00000000000000ff" : "00000000000001ff").build());
        }
        pipeline.apply(records);
        pipeline.settleBefore(Instant.parse("2099-01-01T00:00:00Z"));
    }

    @Test
    @TestSecurity(user = "erin", roles = Roles.EMPLOYEE)
    @OidcSecurity(claims = @Claim(key = "email", value = ERIN))
    void anEmployeeSeesTheirOwnWeek() {
        given().get("/v1/me/scorecard?weeks=2&until=2036-W06").then().statusCode(200)
                .body("weeks", hasSize(2))
                .body("weeks[0].usageEvents", equalTo(0))
                .body("weeks[1].week", equalTo("2036-W06"))
                .body("weeks[1].usageEvents", equalTo(3))
                .body("weeks[1].tokens", equalTo(7_500))
                .body("weeks[1].costUsd", equalTo(0.06f))
                .body("weeks[1].linkedEvents", equalTo(3))
                .body("weeks[1].linkedShare", equalTo(1.0f))
                .body("weeks[1].outcomes", equalTo(2))
                .body("weeks[1].linkedOutcomes", equalTo(2))
                .body("weeks[1].acceptanceRate", equalTo(1.0f))
                .body("weeks[1].busyworkShare", equalTo(0.0f))
                .body("weeks[1].flags", equalTo(0))
                .body("weeks[1].settled", equalTo(true));
        given().get("/v1/me/flags").then().statusCode(200).body("flags", hasSize(0));
    }

    @Test
    @TestSecurity(user = "frank", roles = Roles.EMPLOYEE)
    @OidcSecurity(claims = @Claim(key = "email", value = FRANK))
    void anEmployeeSeesTheirOwnFlagsWithEvidence() {
        given().get("/v1/me/scorecard?weeks=1&until=2036-W06").then().statusCode(200)
                .body("weeks[0].usageEvents", equalTo(12))
                .body("weeks[0].flags", equalTo(1))
                .body("weeks[0].busyworkShare", equalTo(1.0f));
        given().get("/v1/me/flags").then().statusCode(200)
                .body("flags", hasSize(1))
                .body("flags[0].detector", equalTo("near_duplicate_prompts"))
                .body("flags[0].evidence.nearDuplicatePrompts", equalTo(12))
                .body("flags[0].evidence.exampleEventIds", equalTo(List.of("me-frank-0", "me-frank-1", "me-frank-2",
                        "me-frank-3", "me-frank-4")));
    }

    @Test
    @TestSecurity(user = "erin", roles = Roles.EMPLOYEE)
    @OidcSecurity(claims = @Claim(key = "email", value = ERIN))
    void nobodyElsesDataIsReachable() {
        given().get("/v1/me/flags").then().statusCode(200).body(not(containsString("me-frank")));
        // There is no parameter naming a person: extra ones are ignored, never obeyed.
        given().get("/v1/me/scorecard?weeks=1&until=2036-W06&person=" + FRANK).then().statusCode(200)
                .body("weeks[0].usageEvents", equalTo(3));
    }

    @Test
    @TestSecurity(user = "nobody-yet", roles = Roles.EMPLOYEE)
    @OidcSecurity(claims = @Claim(key = "email", value = "new-hire@example.com"))
    void someoneWithoutDataSeesEmptyWeeks() {
        given().get("/v1/me/scorecard?weeks=3").then().statusCode(200)
                .body("weeks", hasSize(3))
                .body("weeks.usageEvents", equalTo(List.of(0, 0, 0)));
        given().get("/v1/me/flags").then().statusCode(200).body("flags", hasSize(0));
    }

    @Test
    @TestSecurity(user = "erin", roles = Roles.EMPLOYEE)
    @OidcSecurity(claims = @Claim(key = "email", value = ERIN))
    void badParametersNameTheField() {
        given().get("/v1/me/scorecard?weeks=-1").then().statusCode(400).body("errors[0].field", equalTo("weeks"));
    }

    @Test
    @TestSecurity(user = "service-account", roles = Roles.EMPLOYEE)
    void aTokenWithoutAnEmailIsRefused() {
        given().get("/v1/me/scorecard").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("email"));
        given().get("/v1/me/flags").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    @OidcSecurity(claims = @Claim(key = "email", value = "hana@example.com"))
    void analystsHaveNoPersonalView() {
        given().get("/v1/me/scorecard").then().statusCode(403);
        given().get("/v1/me/flags").then().statusCode(403);
    }

    @Test
    void anonymousCallersAreRefused() {
        given().get("/v1/me/scorecard").then().statusCode(401).contentType("application/problem+json");
        given().get("/v1/me/flags").then().statusCode(401);
    }
}
