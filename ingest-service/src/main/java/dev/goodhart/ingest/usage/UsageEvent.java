package dev.goodhart.ingest.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "usage_event")
public class UsageEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "received_at", nullable = false, insertable = false, updatable = false)
    public Instant receivedAt;

    @Column(name = "person_key", nullable = false)
    public String personKey;

    public String team;
    public String agent;
    public String provider;
    public String model;
    public String operation;

    @Column(name = "input_tokens", nullable = false)
    public long inputTokens;

    @Column(name = "cache_read_tokens", nullable = false)
    public long cacheReadTokens;

    @Column(name = "cache_write_tokens", nullable = false)
    public long cacheWriteTokens;

    @Column(name = "output_tokens", nullable = false)
    public long outputTokens;

    @Column(name = "reasoning_tokens", nullable = false)
    public long reasoningTokens;

    @Column(name = "cost_usd", precision = 18, scale = 8)
    public BigDecimal costUsd;

    @Column(name = "session_id")
    public String sessionId;

    @Column(name = "task_id")
    public String taskId;

    @Column(name = "trace_id")
    public String traceId;

    public String trigger;

    @Column(name = "artifact_kind")
    public String artifactKind;

    @Column(name = "artifact_ref")
    public String artifactRef;

    @Column(name = "prompt_fingerprint")
    public String promptFingerprint;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> attributes;

    public static boolean existsByEventId(String eventId) {
        return count("eventId", eventId) > 0;
    }
}
