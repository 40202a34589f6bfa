package dev.goodhart.scoring.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;

import dev.goodhart.common.security.Roles;
import dev.goodhart.scoring.support.FeedJson;
import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.IngestFeedWireMock;
import dev.goodhart.scoring.support.Sql;

/** With polling switched on, the service follows the feed by itself, from its stored cursor. */
@QuarkusTest
@WithTestResource(IngestFeedWireMock.class)
@TestProfile(FeedPollingResourceTest.Polling.class)
class FeedPollingResourceTest {

    public static class Polling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("goodhart.scoring.feed.poll-interval", "1s");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void followsTheFeedWithoutBeingAsked() {
        Sql.update(dataSource, "update feed_cursor set position = 'polling-0' where feed = 'ingest'");
        Instant at = Instant.parse("2032-02-02T10:00:00Z");
        FeedEvent usage = FeedRecords.usage("polling-u1", at, "polling@example.com", "polling").session("s-polling").build();
        IngestFeedWireMock.server().stubFor(get(urlPathEqualTo("/v1/feed"))
                .willReturn(okJson(FeedJson.page(List.of(usage), "polling-1", false))));

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> given().get("/v1/status").then().statusCode(200)
                .body("position", equalTo("polling-1"))
                .body("caughtUp", equalTo(true))
                .body("weeksPendingScoring", equalTo(0)));
    }
}
