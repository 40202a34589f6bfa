package dev.goodhart.ingest.retention;

import static dev.goodhart.ingest.support.TestEvents.newId;
import static dev.goodhart.ingest.support.TestEvents.usage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.StoredRows;

/** Retention drops whole month partitions once they are older than the configured age, and prunes their ids. */
@QuarkusTest
class PartitionMaintenanceTest {

    /** The default retention (P400D). */
    private static final long RETENTION_DAYS = 400;

    @Inject
    PartitionMaintenance maintenance;

    @Inject
    StoredRows rows;

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void dropsTheMonthsBeyondRetentionWithTheirIdsAndKeepsTheRest() {
        Instant now = Instant.now();
        Instant old = now.minus(RETENTION_DAYS - 5, ChronoUnit.DAYS);
        String oldId = newId("evt");
        String recentId = newId("evt");
        for (String body : new String[] { usage(oldId, old), usage(recentId) }) {
            given().contentType(ContentType.JSON).body(body).post("/v1/usage-events")
                    .then().statusCode(200).body("stored", equalTo(1));
        }
        String oldPartition = Partitions.partitionName("usage_event", YearMonth.from(old.atZone(ZoneOffset.UTC)));
        assertNotNull(rows.text("select to_regclass(?)::text", oldPartition));
        assertEquals(1, rows.number("select count(*) from event_key where event_id = ?", oldId));

        try {
            // Forty days later, the old event's month lies wholly beyond the retention period.
            maintenance.maintain(now.plus(40, ChronoUnit.DAYS));

            assertNull(rows.text("select to_regclass(?)::text", oldPartition), "the expired month is dropped");
            assertEquals(0, rows.count("usage_event", oldId));
            assertEquals(0, rows.number("select count(*) from event_key where event_id = ?", oldId));
            assertEquals(1, rows.count("usage_event", recentId));
            assertEquals(1, rows.number("select count(*) from event_key where event_id = ?", recentId));
            String nextMonths = Partitions.partitionName("usage_event",
                    YearMonth.from(now.plus(40, ChronoUnit.DAYS).atZone(ZoneOffset.UTC)).plusMonths(1));
            assertNotNull(rows.text("select to_regclass(?)::text", nextMonths), "months ahead are created");
        } finally {
            maintenance.maintain(Instant.now());
        }
        assertNotNull(rows.text("select to_regclass(?)::text", oldPartition), "back within retention today");
    }

    @Test
    void ensuresEveryMonthOfABatchWhicheverOrderItsTimestampsComeIn() {
        YearMonth first = YearMonth.now(ZoneOffset.UTC).minusMonths(11);
        YearMonth second = first.plusMonths(2);
        Instant lastSecondOfFirst = first.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        Instant firstSecondOfSecond = second.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant next = first.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();

        maintenance.ensureFor("outcome_event", java.util.List.of(first.atDay(3).atStartOfDay(ZoneOffset.UTC).toInstant(),
                lastSecondOfFirst, firstSecondOfSecond, lastSecondOfFirst, next));

        for (YearMonth month : new YearMonth[] { first, first.plusMonths(1), second }) {
            assertNotNull(rows.text("select to_regclass(?)::text", Partitions.partitionName("outcome_event", month)),
                    "partition of " + month);
        }
    }
}
