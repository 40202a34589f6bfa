package dev.goodhart.policy.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One decision in the audit log, read-only: {@link AuditWriter} appends, nothing updates or deletes. */
@Entity
@Immutable
@Table(name = "audit_record")
public class AuditRecord extends PanacheEntityBase {

    @Id
    public long seq;

    @Column(name = "decision_id", nullable = false)
    public UUID decisionId;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(nullable = false)
    public String agent;

    @Column(name = "on_behalf_of", nullable = false)
    public String onBehalfOf;

    @Column(nullable = false)
    public String action;

    @Column(name = "resource_type", nullable = false)
    public String resourceType;

    @Column(name = "resource_id", nullable = false)
    public String resourceId;

    @Column(nullable = false)
    public String decision;

    @Column(nullable = false)
    public String basis;

    @Column(nullable = false)
    public String verdict;

    @Column(name = "policy_version", nullable = false)
    public int policyVersion;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] policies;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] reasons;

    @Column(name = "approval_id")
    public UUID approvalId;

    public Long tokens;

    @Column(name = "cost_usd", precision = 18, scale = 4)
    public BigDecimal costUsd;

    @Column(nullable = false)
    public String request;

    @Column(name = "prev_hash", nullable = false)
    public String prevHash;

    @Column(nullable = false)
    public String hash;

    public ChainedRecord chained() {
        AuditContent content = new AuditContent(decisionId, agent, onBehalfOf, action, resourceType, resourceId, decision,
                basis, verdict, policyVersion, Arrays.asList(policies), Arrays.asList(reasons), approvalId, tokens, costUsd,
                request);
        return new ChainedRecord(seq, recordedAt, content.digest(), prevHash);
    }
}
