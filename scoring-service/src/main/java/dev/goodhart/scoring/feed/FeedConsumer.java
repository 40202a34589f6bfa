package dev.goodhart.scoring.feed;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.score.Scorer;
import dev.goodhart.scoring.scorecard.OrgWeeks;

/**
 * Follows ingest-service's feed: every poll reads pages from the stored cursor until the feed has nothing new, applying
 * each page (and moving the cursor) in one transaction, then refreshes the organisation's precomputed weekly totals and
 * scores the weeks the new events touched. While pages are applied the next ones are already being fetched (see
 * {@link FeedReadAhead}), so the network and the database work side by side, and pages that arrived meanwhile are
 * applied together in one transaction. A failure leaves the cursor where it was: the next poll resumes from it, and
 * redelivered events are ignored.
 */
@ApplicationScoped
public class FeedConsumer {

    /** During a long catch-up, scores still refresh this often instead of waiting for the end of the feed. */
    private static final Duration SCORE_WHILE_CATCHING_UP_EVERY = Duration.ofMinutes(10);

    private final IngestFeed feed;
    private final FeedApplier applier;
    private final FeedProgress progress;
    private final FeedMetrics metrics;
    private final Scorer scorer;
    private final OrgWeeks orgWeeks;
    private final int pageSize;
    private final int maxEventsPerTransaction;
    private final int pagesAhead;
    private final long scoringIntervalNanos;
    /** When the last scoring finished (System.nanoTime()); null before the first. */
    private Long lastScoring;
    /** The last poll's failure, so that a feed that stays down is logged once, not every few seconds. */
    private String lastError;
    private final ExecutorService prefetcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "feed-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    public FeedConsumer(IngestFeed feed, FeedApplier applier, FeedProgress progress, FeedMetrics metrics, Scorer scorer,
            OrgWeeks orgWeeks, ScoringConfig config) {
        this.feed = feed;
        this.applier = applier;
        this.progress = progress;
        this.metrics = metrics;
        this.scorer = scorer;
        this.orgWeeks = orgWeeks;
        this.pageSize = config.feed().pageSize();
        this.maxEventsPerTransaction = Math.max(pageSize, config.feed().maxEventsPerTransaction());
        // Enough pages read ahead to fill the next transaction while the current one is applied.
        this.pagesAhead = Math.max(1, maxEventsPerTransaction / pageSize);
        this.scoringIntervalNanos = config.runs().minInterval().toNanos();
    }

    @Scheduled(identity = "feed-poll", every = "${goodhart.scoring.feed.poll-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        catchUp();
    }

    /**
     * Reads and applies the feed up to its current end, then scores the weeks that need it (at most every
     * {@code goodhart.scoring.runs.min-interval}); returns the events stored for the first time.
     */
    public synchronized long catchUp() {
        String after = progress.position();
        long stored = 0;
        boolean applied = false;
        long catchingUpSince = System.nanoTime();
        try (FeedReadAhead pages = new FeedReadAhead(feed, after, pageSize, pagesAhead, prefetcher)) {
            for (List<FeedPage> batch = pages.next(maxEventsPerTransaction); !batch.isEmpty();
                    batch = pages.next(maxEventsPerTransaction)) {
                FeedPage last = batch.get(batch.size() - 1);
                if (batch.size() == 1 && last.events().isEmpty() && Objects.equals(last.next(), after)) {
                    progress.idle(!last.hasMore());
                } else {
                    AppliedPage result = applier.apply(after, batch);
                    metrics.applied(result);
                    stored += result.stored();
                    applied = true;
                    after = last.next();
                }
                if (System.nanoTime() - catchingUpSince > SCORE_WHILE_CATCHING_UP_EVERY.toNanos()) {
                    score();
                    catchingUpSince = System.nanoTime();
                }
            }
        } catch (RuntimeException e) {
            metrics.failed();
            String error = describe(e);
            if (error.equals(lastError)) {
                Log.debugf("Reading ingest-service's feed after cursor %s failed again: %s", after, error);
            } else {
                Log.warnf("Reading ingest-service's feed after cursor %s failed; retrying at the next poll: %s", after,
                        error);
            }
            lastError = error;
            recordFailure(error);
            return stored;
        } finally {
            observeCursor();
        }
        lastError = null;
        if (applied) {
            refreshOrgWeeks();
        }
        if (lastScoring == null || System.nanoTime() - lastScoring >= scoringIntervalNanos) {
            score();
        }
        return stored;
    }

    /** Organisation scorecards read the precomputed weeks while they are current; new pages made some stale. */
    private void refreshOrgWeeks() {
        try {
            orgWeeks.refreshStale();
        } catch (RuntimeException e) {
            Log.warnf("Could not refresh the organisation's weekly totals (scorecards compute them meanwhile): %s",
                    describe(e));
        }
    }

    private void score() {
        try {
            scorer.scorePending();
        } catch (RuntimeException e) {
            Log.errorf(e, "Scoring failed; the weeks stay pending and are scored again later");
        } finally {
            lastScoring = System.nanoTime();
        }
    }

    @PreDestroy
    void stop() {
        prefetcher.shutdownNow();
    }

    private void recordFailure(String error) {
        try {
            progress.failed(error);
        } catch (RuntimeException e) {
            Log.debugf("Could not record the feed failure either: %s", e.getMessage());
        }
    }

    private void observeCursor() {
        try {
            metrics.observe(progress.snapshot());
        } catch (RuntimeException e) {
            Log.debugf("Could not read the feed cursor for metrics: %s", e.getMessage());
        }
    }

    /** The first message along the cause chain: status and body of the feed's answer, a timeout, a parse error. */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return "the feed could not be read";
    }
}
