package dev.goodhart.policy.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.goodhart.policy.agent.RegisteredAgent;

/**
 * Checks and reserves budget under the agent's row lock: concurrent decisions of one agent (on any instance) pass
 * here one at a time, and each sees the reservations of every decision allowed before it. So the tokens allowed after
 * scoring-service's {@code asOf} never exceed what the budget has left at {@code asOf}.
 */
@ApplicationScoped
public class BudgetLedger {

    private static final Duration KEEP_RESERVATIONS = Duration.ofDays(2);

    /** Spend as scoring-service knows it, or zero when it could not be read (then {@code since} covers the window). */
    public record KnownSpend(long tokens, BigDecimal costUsd, Instant since) {
    }

    /**
     * @param reserve whether the request declares tokens or cost: then it is reserved if it fits; otherwise the agent
     *                only must not have exhausted its budget already
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public BudgetOutcome checkAndReserve(String agentId, KnownSpend spend, long tokens, BigDecimal costUsd, UUID decisionId,
            boolean reserve) {
        RegisteredAgent agent = RegisteredAgent.findById(agentId, reserve ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE);
        if (agent == null || !agent.hasBudget()) {
            return BudgetOutcome.NO_BUDGET;
        }
        Object[] reserved = (Object[]) RegisteredAgent.getEntityManager().createNativeQuery(
                "select coalesce(sum(tokens), 0), coalesce(sum(cost_usd), 0) from budget_reservation"
                        + " where agent = ?1 and reserved_at > ?2")
                .setParameter(1, agentId).setParameter(2, spend.since()).getSingleResult();
        long usedTokens = spend.tokens() + ((Number) reserved[0]).longValue();
        BigDecimal usedCost = spend.costUsd().add(new BigDecimal(reserved[1].toString()));
        if (agent.dailyTokenBudget != null) {
            boolean over = reserve ? usedTokens + tokens > agent.dailyTokenBudget : usedTokens >= agent.dailyTokenBudget;
            if (over) {
                return BudgetOutcome.denied(BudgetOutcome.BUDGET_EXHAUSTED, String.format(
                        "budget_exhausted: agent %s has used %,d of its %,d daily tokens%s", agentId, usedTokens,
                        agent.dailyTokenBudget, reserve ? "; this request needs " + String.format("%,d", tokens) : ""));
            }
        }
        if (agent.dailyCostBudgetUsd != null) {
            BigDecimal after = reserve ? usedCost.add(costUsd) : usedCost;
            boolean over = reserve ? after.compareTo(agent.dailyCostBudgetUsd) > 0
                    : usedCost.compareTo(agent.dailyCostBudgetUsd) >= 0;
            if (over) {
                return BudgetOutcome.denied(BudgetOutcome.BUDGET_EXHAUSTED, String.format(
                        "budget_exhausted: agent %s has used $%s of its $%s daily cost budget%s", agentId,
                        usedCost.setScale(2, RoundingMode.HALF_UP), agent.dailyCostBudgetUsd.setScale(2, RoundingMode.HALF_UP),
                        reserve ? "; this request needs $" + costUsd.setScale(4, RoundingMode.HALF_UP).toPlainString() : ""));
            }
        }
        if (reserve) {
            Instant now = Instant.now();
            BudgetReservation.delete("agent = ?1 and reservedAt < ?2", agentId, now.minus(KEEP_RESERVATIONS));
            BudgetReservation reservation = new BudgetReservation();
            reservation.decisionId = decisionId;
            reservation.agent = agentId;
            reservation.reservedAt = now;
            reservation.tokens = tokens;
            reservation.costUsd = costUsd;
            reservation.persist();
        }
        return BudgetOutcome.within(null);
    }
}
