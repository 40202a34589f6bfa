package dev.goodhart.policy.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.Lock;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.common.util.concurrent.Striped;

import io.quarkus.logging.Log;

import dev.goodhart.policy.cedar.PolicySchema;
import dev.goodhart.policy.config.PolicyConfig;
import dev.goodhart.policy.config.PolicyConfig.SpendUnavailableMode;

/**
 * Budgets of agents, for decisions the policies allow. Spend comes from scoring-service (cached for a few seconds),
 * plus what this service allowed since scoring-service's {@code asOf} minus an overlap (reservations), so the lag
 * of scoring-service does not let an agent overspend. Decisions that declare tokens or cost are serialised per agent:
 * first here (so that concurrent requests wait in memory rather than on database connections), then by the agent's
 * row lock in {@link BudgetLedger} (so that instances take turns too).
 */
@ApplicationScoped
public class BudgetGuard {

    private static final Duration WINDOW = Duration.ofDays(1);

    private final SpendReader spendReader;
    private final BudgetLedger ledger;
    private final PolicySchema schema;
    private final PolicyConfig config;
    private final Striped<Lock> agentLocks = Striped.lazyWeakLock(256);

    public BudgetGuard(SpendReader spendReader, BudgetLedger ledger, PolicySchema schema, PolicyConfig config) {
        this.spendReader = spendReader;
        this.ledger = ledger;
        this.schema = schema;
        this.config = config;
    }

    /**
     * @param tokens  tokens the request declares ({@code context.tokens}), 0 when none
     * @param costUsd cost the request declares ({@code context.costUsd}), 0 when none
     */
    public BudgetOutcome check(String agentId, String action, long tokens, BigDecimal costUsd, UUID decisionId) {
        Instant now = Instant.now();
        BudgetLedger.KnownSpend spend;
        String note = null;
        try {
            AgentSpend read = spendReader.dailySpend(agentId);
            Instant since = now.minus(WINDOW);
            if (read.asOf() != null && read.asOf().minus(config.budget().reservationOverlap()).isAfter(since)) {
                since = read.asOf().minus(config.budget().reservationOverlap());
            }
            spend = new BudgetLedger.KnownSpend(read.tokens(), read.costUsd() == null ? BigDecimal.ZERO : read.costUsd(), since);
        } catch (RuntimeException e) {
            SpendUnavailableMode mode = config.budget().spendUnavailable();
            boolean highRisk = schema.action(action).map(PolicySchema.ActionInfo::isHighRisk).orElse(true);
            String why = "the spend of agent " + agentId + " could not be read from scoring-service (" + describe(e) + ")";
            Log.warnf("Budget check of %s: %s", agentId, why);
            if (mode == SpendUnavailableMode.DENY || (mode == SpendUnavailableMode.DENY_HIGH_RISK && highRisk)) {
                return BudgetOutcome.denied(BudgetOutcome.SPEND_UNAVAILABLE, "spend_unavailable: " + why + "; " + action
                        + (mode == SpendUnavailableMode.DENY ? " is denied" : " is high-risk, so it is denied")
                        + " (goodhart.policy.budget.spend-unavailable=" + modeName(mode) + ")");
            }
            note = "spend_unavailable: " + why + "; allowed against this service's own reservations only"
                    + " (goodhart.policy.budget.spend-unavailable=" + modeName(mode) + ")";
            spend = new BudgetLedger.KnownSpend(0, BigDecimal.ZERO, now.minus(WINDOW));
        }
        boolean reserve = tokens > 0 || costUsd.signum() > 0;
        BudgetOutcome outcome;
        if (reserve) {
            Lock lock = agentLocks.get(agentId);
            lock.lock();
            try {
                outcome = ledger.checkAndReserve(agentId, spend, tokens, costUsd, decisionId, true);
            } finally {
                lock.unlock();
            }
        } else {
            outcome = ledger.checkAndReserve(agentId, spend, 0, BigDecimal.ZERO, decisionId, false);
        }
        return outcome.allowed() && note != null ? BudgetOutcome.within(note) : outcome;
    }

    private static String modeName(SpendUnavailableMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String describe(RuntimeException e) {
        String type = e.getClass().getSimpleName();
        if (type.contains("CircuitBreakerOpen")) {
            return "circuit open after repeated failures";
        }
        if (type.contains("Timeout")) {
            return "timed out";
        }
        if (e instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse() != null) {
            return "HTTP " + web.getResponse().getStatus();
        }
        return "unreachable";
    }
}
