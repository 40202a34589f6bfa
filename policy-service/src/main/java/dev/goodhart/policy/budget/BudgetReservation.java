package dev.goodhart.policy.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Tokens and cost an allowed decision declared, counted against the agent's budget until scoring-service sees them. */
@Entity
@Table(name = "budget_reservation")
public class BudgetReservation extends PanacheEntityBase {

    @Id
    @Column(name = "decision_id")
    public UUID decisionId;

    @Column(nullable = false)
    public String agent;

    @Column(name = "reserved_at", nullable = false)
    public Instant reservedAt;

    @Column(nullable = false)
    public long tokens;

    @Column(name = "cost_usd", nullable = false, precision = 18, scale = 4)
    public BigDecimal costUsd;
}
