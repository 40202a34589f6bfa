package dev.goodhart.scoring.feed;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "feed_cursor")
public class FeedCursor extends PanacheEntityBase {

    public static final String INGEST = "ingest";

    @Id
    public String feed;

    /** Opaque cursor returned by ingest-service; null before the first page. */
    public String position;

    @Column(name = "events_applied", nullable = false)
    public long eventsApplied;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
