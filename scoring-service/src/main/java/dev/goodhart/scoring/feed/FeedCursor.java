package dev.goodhart.scoring.feed;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Where scoring-service stands in ingest-service's feed. FeedApplier moves it in the same transaction as a page. */
@Entity
@Table(name = "feed_cursor")
public class FeedCursor extends PanacheEntityBase {

    public static final String INGEST = "ingest";

    @Id
    public String feed;

    /** Opaque cursor returned by ingest-service; null before the first page. */
    public String position;

    /** Usage and outcome events stored for the first time. */
    @Column(name = "events_applied", nullable = false)
    public long eventsApplied;

    /** Events delivered again and ignored (at-least-once delivery). */
    @Column(nullable = false)
    public long duplicates;

    /** Records that break the feed contract, logged and never stored. */
    @Column(nullable = false)
    public long skipped;

    /** The newest {@code receivedAt} applied: the feed's watermark. */
    @Column(name = "last_received_at")
    public Instant lastReceivedAt;

    /** The last successful poll reached the end of the feed. */
    @Column(name = "caught_up", nullable = false)
    public boolean caughtUp;

    /** The last successful poll. */
    @Column(name = "last_poll_at")
    public Instant lastPollAt;

    /** Why the last poll failed; null when it succeeded. */
    @Column(name = "last_error")
    public String lastError;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static FeedCursor ingest() {
        return findById(INGEST);
    }
}
