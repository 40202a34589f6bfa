package dev.goodhart.scoring.detect;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;

/** A stored flag (written by ScoreWriter): what a detector found, about whom, with its evidence. */
@Entity
@Table(name = "flag")
public class Flag extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String detector;

    @Column(nullable = false)
    public LocalDate week;

    @Column(name = "person_id")
    public Integer personId;

    public String agent;

    public String team;

    @Column(name = "window_from", nullable = false)
    public Instant windowFrom;

    @Column(name = "window_to", nullable = false)
    public Instant windowTo;

    @Column(name = "detected_at", nullable = false)
    public Instant detectedAt;

    @Column(nullable = false)
    public int events;

    @Column(nullable = false)
    public long tokens;

    @Column(nullable = false)
    public String summary;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> evidence;

    /** Flags about a person's activity (their own, or an agent's run for them), newest week first. */
    public static List<Flag> ofPerson(int personId) {
        return list("personId", Sort.descending("week").and("detector"), personId);
    }

    /** Flags about an agent, newest week first. */
    public static List<Flag> ofAgent(String agent) {
        return list("agent", Sort.descending("week").and("detector"), agent);
    }
}
