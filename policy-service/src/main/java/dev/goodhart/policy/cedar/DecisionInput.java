package dev.goodhart.policy.cedar;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything Cedar sees for one decision, as plain data: this is what the audit log stores (canonical JSON) and what
 * dry-runs replay. {@code context} is what the agent sent; {@code recent} is added by policy-service.
 */
@RegisterForReflection
public record DecisionInput(
        AgentFacts agent,
        String onBehalfOf,
        String action,
        Resource resource,
        ObjectNode context,
        Recent recent) {

    /** The agent as the registry knew it when deciding. */
    @RegisterForReflection
    public record AgentFacts(String id, boolean registered, String owner, String riskTier, String team) {

        /** Risk tier Cedar sees for an agent nobody registered. */
        public static final String UNREGISTERED_RISK_TIER = "high";

        public static AgentFacts unregistered(String id) {
            return new AgentFacts(id, false, null, UNREGISTERED_RISK_TIER, null);
        }
    }

    @RegisterForReflection
    public record Resource(String type, String id, ObjectNode attributes) {
    }

    /** Allowed decisions of this agent for this action in the last hour and today (UTC). */
    @RegisterForReflection
    public record Recent(long lastHour, long today) {

        public static final Recent NONE = new Recent(0, 0);
    }
}
