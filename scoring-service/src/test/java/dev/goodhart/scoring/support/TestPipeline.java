package dev.goodhart.scoring.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.scoring.feed.AppliedPage;
import dev.goodhart.scoring.feed.FeedApplier;
import dev.goodhart.scoring.feed.FeedEvent;
import dev.goodhart.scoring.feed.FeedPage;
import dev.goodhart.scoring.feed.FeedProgress;
import dev.goodhart.scoring.score.Scorer;
import dev.goodhart.scoring.scorecard.OrgWeeks;

/**
 * Puts feed records through the real pipeline without the HTTP hop: FeedApplier (as the consumer calls it, from the
 * stored cursor, followed by the refresh of the organisation's weekly totals) and then the Scorer. The feed transport
 * itself is tested against WireMock in FeedConsumerResourceTest.
 */
@ApplicationScoped
public class TestPipeline {

    private final FeedApplier applier;
    private final FeedProgress progress;
    private final Scorer scorer;
    private final OrgWeeks orgWeeks;

    public TestPipeline(FeedApplier applier, FeedProgress progress, Scorer scorer, OrgWeeks orgWeeks) {
        this.applier = applier;
        this.progress = progress;
        this.scorer = scorer;
        this.orgWeeks = orgWeeks;
    }

    /** Applies the records as one page read from the stored cursor. */
    public synchronized AppliedPage apply(List<FeedEvent> records) {
        return apply(new FeedPage(records, "test-" + UUID.randomUUID(), false));
    }

    public synchronized AppliedPage apply(FeedPage page) {
        AppliedPage applied = applier.apply(progress.position(), page);
        orgWeeks.refreshStale();
        return applied;
    }

    /** Applies and scores every pending week. */
    public synchronized void applyAndScore(List<FeedEvent> records) {
        apply(records);
        scorer.scorePending();
    }

    public void score() {
        scorer.scorePending();
    }

    /**
     * Moves the feed's watermark (the newest receivedAt) to {@code receivedAt} with an inactive directory entry, so that
     * every week ending a link window before it is settled, then scores.
     */
    public synchronized void settleBefore(Instant receivedAt) {
        apply(List.of(FeedRecords.person("watermark@example.com", receivedAt, "watermark", List.of("watermark"), false)));
        scorer.scorePending();
    }
}
