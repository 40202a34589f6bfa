package dev.goodhart.policy.decision;

import dev.goodhart.policy.cedar.DecisionInput.AgentFacts;
import dev.goodhart.policy.cedar.DecisionInput.Recent;

/**
 * What one decision needs from the database, read in a single query: the active policy version, the running shadow
 * set, the agent's registry row (kill switch, budgets) and its recent allowed decisions for the action.
 */
record DecisionSnapshot(int activeVersion, Integer shadowId, AgentFacts agent, boolean suspended, String suspension,
        boolean hasBudget, Recent recent) {
}
