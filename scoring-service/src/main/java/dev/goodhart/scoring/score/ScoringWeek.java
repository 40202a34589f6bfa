package dev.goodhart.scoring.score;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One ISO week's scoring state: new events bump {@code dirtyVersion}; a scoring run records what it saw. */
@Entity
@Table(name = "scoring_week")
public class ScoringWeek extends PanacheEntityBase {

    /** Monday of the ISO week (UTC). */
    @Id
    public LocalDate week;

    @Column(name = "dirty_version", nullable = false)
    public long dirtyVersion;

    @Column(name = "scored_version")
    public Long scoredVersion;

    /** The last run judged the week with the detectors: its end plus the link window lay before the watermark. */
    @Column(nullable = false)
    public boolean settled;

    @Column(name = "scored_at")
    public Instant scoredAt;
}
