package dev.goodhart.policy.approval;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A human approval of one exact request. Created by the audit writer together with the approval_required decision;
 * decided by the person acted for or a policy admin; used at most once, before it expires.
 */
@Entity
@Table(name = "approval")
public class Approval extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    @Id
    public UUID id;

    @Column(name = "decision_id", nullable = false, updatable = false)
    public UUID decisionId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;

    @Column(nullable = false, updatable = false)
    public String agent;

    @Column(name = "on_behalf_of", nullable = false, updatable = false)
    public String onBehalfOf;

    @Column(nullable = false, updatable = false)
    public String action;

    @Column(name = "resource_type", nullable = false, updatable = false)
    public String resourceType;

    @Column(name = "resource_id", nullable = false, updatable = false)
    public String resourceId;

    @Column(name = "request_hash", nullable = false, updatable = false)
    public String requestHash;

    @Column(nullable = false)
    public String status;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    public String comment;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "used_by_decision")
    public UUID usedByDecision;

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** pending, approved, rejected, expired (not decided or not used in time) or used. */
    public String state(Instant now) {
        if (usedAt != null) {
            return "used";
        }
        if (REJECTED.equals(status)) {
            return REJECTED;
        }
        return expired(now) ? "expired" : status;
    }
}
