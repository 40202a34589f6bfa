package dev.goodhart.scoring.feed;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.scoring.score.ScoringWeeks;

/** The stored cursor's bookkeeping outside page application: idle polls, failures, and the status answer. */
@ApplicationScoped
@Transactional
public class FeedProgress {

    /** Longest error text kept: enough to diagnose, never a whole response body. */
    private static final int ERROR_LENGTH = 500;

    private final ScoringWeeks weeks;

    public FeedProgress(ScoringWeeks weeks) {
        this.weeks = weeks;
    }

    public String position() {
        return FeedCursor.ingest().position;
    }

    /** The stored cursor as it is now (detached: reading it later never touches the database). */
    public FeedCursor snapshot() {
        return FeedCursor.ingest();
    }

    /** A poll that found nothing new. */
    public void idle(boolean caughtUp) {
        FeedCursor cursor = FeedCursor.ingest();
        cursor.caughtUp = caughtUp;
        cursor.lastPollAt = Instant.now();
        cursor.lastError = null;
        cursor.updatedAt = cursor.lastPollAt;
    }

    public void failed(String error) {
        FeedCursor cursor = FeedCursor.ingest();
        cursor.lastError = error == null ? "unknown error"
                : error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) : error;
        cursor.updatedAt = Instant.now();
    }

    public FeedStatus status() {
        FeedCursor cursor = FeedCursor.ingest();
        Instant now = Instant.now();
        return new FeedStatus(cursor.position, cursor.eventsApplied, cursor.duplicates, cursor.skipped,
                cursor.lastReceivedAt, cursor.caughtUp, lagSeconds(cursor, now), cursor.lastPollAt, cursor.lastError,
                weeks.pending(cursor.lastReceivedAt), cursor.updatedAt);
    }

    /**
     * How stale the scores may be: when the last successful poll reached the end of the feed, everything received
     * before it is applied, so the lag is the time since that poll; while catching up, it is the age of the newest
     * applied event. Null before anything was read.
     */
    static Long lagSeconds(FeedCursor cursor, Instant now) {
        Instant since = cursor.caughtUp ? cursor.lastPollAt : cursor.lastReceivedAt;
        return since == null ? null : Math.max(0, Duration.between(since, now).toSeconds());
    }
}
