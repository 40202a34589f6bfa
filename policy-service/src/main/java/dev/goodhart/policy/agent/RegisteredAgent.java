package dev.goodhart.policy.agent;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An agent in the registry, by its OIDC client id. Registered agents have an owner and a risk tier; a row without them
 * is an agent that was suspended before anyone registered it.
 */
@Entity
@Table(name = "agent")
public class RegisteredAgent extends PanacheEntityBase {

    @Id
    public String id;

    public String owner;

    @Column(name = "risk_tier")
    public String riskTier;

    public String team;

    public String description;

    @Column(nullable = false)
    public boolean suspended;

    @Column(name = "suspended_at")
    public Instant suspendedAt;

    @Column(name = "suspended_by")
    public String suspendedBy;

    @Column(name = "suspension_reason")
    public String suspensionReason;

    @Column(name = "daily_token_budget")
    public Long dailyTokenBudget;

    @Column(name = "daily_cost_budget_usd", precision = 18, scale = 4)
    public BigDecimal dailyCostBudgetUsd;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    public boolean registered() {
        return owner != null;
    }

    public boolean hasBudget() {
        return dailyTokenBudget != null || dailyCostBudgetUsd != null;
    }
}
