package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A decision on which the running shadow set disagreed with the active one. Written by the audit writer. */
@Entity
@Immutable
@Table(name = "shadow_disagreement")
public class ShadowDisagreement extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "shadow_id", nullable = false)
    public int shadowId;

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

    @Column(name = "active_verdict", nullable = false)
    public String activeVerdict;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "active_policies", nullable = false, columnDefinition = "text[]")
    public String[] activePolicies;

    @Column(name = "shadow_verdict", nullable = false)
    public String shadowVerdict;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "shadow_policies", nullable = false, columnDefinition = "text[]")
    public String[] shadowPolicies;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "shadow_reasons", nullable = false, columnDefinition = "text[]")
    public String[] shadowReasons;
}
