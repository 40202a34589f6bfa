package dev.goodhart.scoring.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.IngestFeedWireMock;
import dev.goodhart.scoring.support.Sql;

/**
 * FeedApplier on its own: several pages in one transaction, events COPYed in binary (costs as numeric) with totals
 * summed in Java, and the fallback for pages that hold events already stored. The data lives in 2039, a year no other
 * test writes; every test has its own team.
 */
@QuarkusTest
@WithTestResource(IngestFeedWireMock.class)
class FeedApplierResourceTest {

    /** Monday of 2039-W02. */
    private static final Instant MONDAY = Instant.parse("2039-01-03T00:00:00Z");

    @Inject
    FeedApplier applier;

    @Inject
    FeedProgress progress;

    @Inject
    DataSource dataSource;

    @Test
    void pagesAppliedTogetherAreStoredOnceAndTheCursorEndsAfterTheLast() {
        String team = "applier-pages";
        FeedPage first = new FeedPage(List.of(usage("ap-1", team, 0).build(), usage("ap-2", team, 60).build()), "ap-c1",
                true);
        // The second page delivers ap-2 again (at-least-once) next to a new event in the following hour and week.
        FeedPage second = new FeedPage(List.of(usage("ap-2", team, 60).build(), usage("ap-3", team, 7 * 86_400).build()),
                "ap-c2", true);

        AppliedPage applied = applier.apply(progress.position(), List.of(first, second));

        assertEquals(3, applied.stored());
        assertEquals(1, applied.duplicates());
        assertEquals("ap-c2", progress.position());
        assertEquals(3, Sql.number(dataSource, "select count(*) from usage_event where event_id like 'ap-%'"));
        assertEquals(2, Sql.number(dataSource, "select usage_events from person_week where team = ? and week = ?::date",
                team, "2039-01-03"));
        assertEquals(1, Sql.number(dataSource, "select usage_events from person_week where team = ? and week = ?::date",
                team, "2039-01-10"));
        assertEquals(2_400, Sql.number(dataSource, "select tokens from person_week where team = ? and week = ?::date",
                team, "2039-01-03"));
        assertEquals(2, Sql.number(dataSource, "select events from agent_hour where agent = ? and hour = ?::timestamptz",
                team + "-bot", "2039-01-03T00:00:00Z"));
    }

    @Test
    void aPageMixingStoredAndNewEventsAddsOnlyTheNewOnesToTheTotals() {
        String team = "applier-mixed";
        applier.apply(progress.position(), new FeedPage(List.of(usage("am-1", team, 0).build()), "am-c1", true));

        AppliedPage applied = applier.apply(progress.position(), new FeedPage(List.of(usage("am-1", team, 0).build(),
                usage("am-2", team, 10).build(), usage("am-2", team, 10).build(), usage("am-3", team, 20).build()),
                "am-c2", true));

        assertEquals(2, applied.stored());
        assertEquals(2, applied.duplicates());
        assertEquals(3, Sql.number(dataSource, "select usage_events from person_week where team = ?", team));
        assertEquals(3_600, Sql.number(dataSource, "select tokens from person_week where team = ?", team));
        assertEquals(3, Sql.number(dataSource, "select events from agent_hour where agent = ?", team + "-bot"));
        assertEquals("am-c2", progress.position());
    }

    @Test
    void costsAreStoredRoundedToEightDecimalsAndTheTotalsAreTheirSum() {
        String team = "applier-cost";
        applier.apply(progress.position(), new FeedPage(List.of(
                usage("ac-1", team, 0).cost("0.123456785").build(),
                usage("ac-2", team, 1).cost("1234567.5").build(),
                usage("ac-3", team, 2).cost("0").build(),
                usage("ac-4", team, 3).cost("9999999999.99999999").build(),
                // Beyond what the column holds: skipped and counted like any record that breaks the contract.
                usage("ac-5", team, 4).cost("10000000000").build(),
                usage("ac-6", team, 5).countOnly().build()), "ac-c1", true));

        assertEquals(new BigDecimal("0.12345679"), cost("ac-1"));
        assertEquals(new BigDecimal("1234567.50000000"), cost("ac-2"));
        assertEquals(new BigDecimal("0E-8"), cost("ac-3"));
        assertEquals(new BigDecimal("9999999999.99999999"), cost("ac-4"));
        assertEquals(0, Sql.number(dataSource, "select count(*) from usage_event where event_id = 'ac-5'"));
        assertEquals(new BigDecimal("10001234567.62345678"),
                Sql.decimal(dataSource, "select cost_usd from person_week where team = ?", team));
        assertEquals(5, Sql.number(dataSource, "select usage_events from person_week where team = ?", team));
        // The count-only sample is no agent spend.
        assertEquals(4, Sql.number(dataSource, "select sum(events) from agent_hour where agent = ?", team + "-bot"));
        assertEquals(new BigDecimal("10001234567.62345678"),
                Sql.decimal(dataSource, "select cost_usd from agent_hour where agent = ?", team + "-bot"));
    }

    @Test
    void outcomesAddTheirCountsAndMarkEveryWeekTheyMayLinkForScoring() {
        String team = "applier-outcomes";
        String email = team + "@example.com";
        // Wednesday 2039-06-15 noon: with the default 7-day link window, the weeks of June 6, 13 and 20 may link it.
        Instant wednesday = Instant.parse("2039-06-15T12:00:00Z");
        FeedEvent accepted = FeedRecords.outcome("ao-1", wednesday, email, team, "Output_Accepted ", null, "s-ao", null,
                3L);
        applier.apply(progress.position(), new FeedPage(List.of(accepted,
                FeedRecords.outcome("ao-2", wednesday, email, team, "pr_merged", "https://example.com/pr/1", null, null),
                FeedRecords.outcome("ao-3", wednesday, null, team, "meeting_held", "meeting:ao", null, null)), "ao-c1",
                true));
        // Redelivered with one new outcome: only the new one counts.
        applier.apply(progress.position(), new FeedPage(List.of(accepted,
                FeedRecords.outcome("ao-4", wednesday, email, team, "output_rejected", null, "s-ao", null)), "ao-c2",
                true));

        assertEquals(4, Sql.number(dataSource, "select outcomes from person_week where team = ?", team));
        assertEquals(3, Sql.number(dataSource, "select accepted from person_week where team = ?", team));
        assertEquals(1, Sql.number(dataSource, "select rejected from person_week where team = ?", team));
        assertEquals(1, Sql.number(dataSource, "select count(*) from outcome_event where event_id = 'ao-1'"
                + " and kind = 'output_accepted' and count = 3"));
        assertEquals("2039-06-06,2039-06-13,2039-06-20", Sql.text(dataSource, "select string_agg(week::text, ',' order by"
                + " week) from scoring_week where week between '2039-05-01' and '2039-07-31'"));
    }

    @Test
    void aCursorMovedByAnotherReplicaLeavesNothingOfThePagesBehind() {
        String team = "applier-moved";
        FeedPage page = new FeedPage(List.of(usage("amv-1", team, 0).build()), "amv-c1", true);

        assertThrows(CursorMovedException.class, () -> applier.apply("not-the-stored-cursor", List.of(page, page)));

        assertEquals(0, Sql.number(dataSource, "select count(*) from usage_event where event_id = 'amv-1'"));
        assertEquals(0, Sql.number(dataSource, "select count(*) from person_week where team = ?", team));
    }

    private static FeedRecords.Usage usage(String id, String team, long secondsAfterMonday) {
        return FeedRecords.usage(id, MONDAY.plusSeconds(secondsAfterMonday), team + "@example.com", team)
                .agent(team + "-bot");
    }

    private BigDecimal cost(String eventId) {
        return Sql.decimal(dataSource, "select cost_usd from usage_event where event_id = ?", eventId);
    }
}
