package dev.goodhart.policy.testing;

import java.math.BigDecimal;

import io.quarkus.arc.Arc;

import dev.goodhart.policy.agent.AgentRegistration;
import dev.goodhart.policy.agent.AgentService;
import dev.goodhart.policy.agent.BudgetRequest;

/** Arranges the agent registry for a test (the registry's own endpoints are tested in AgentResourceTest). */
public final class Registry {

    private Registry() {
    }

    /** Registers the agent afresh: no budget, no reservations, no recent decisions counted, not suspended. */
    public static void register(String agentId, String owner, String riskTier) {
        OwnerSql.execute("delete from budget_reservation where agent = ?", agentId);
        OwnerSql.execute("delete from decision_count where agent = ?", agentId);
        service().register(agentId, new AgentRegistration(owner, riskTier, null, null), "test");
        service().setBudget(agentId, new BudgetRequest(null, null), "test");
        service().resume(agentId, "test");
    }

    public static void budget(String agentId, Long dailyTokens, BigDecimal dailyCostUsd) {
        service().setBudget(agentId, new BudgetRequest(dailyTokens, dailyCostUsd), "test");
    }

    private static AgentService service() {
        return Arc.container().instance(AgentService.class).get();
    }
}
