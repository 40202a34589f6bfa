package dev.goodhart.policy.agent;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An agent in the registry")
public record AgentView(
        @Schema(examples = "demo-agent") String id,
        @Schema(description = "False for an agent that was suspended before it was registered") boolean registered,
        @Schema(examples = "alice@example.com") String owner,
        @Schema(examples = "low") String riskTier,
        @Schema(examples = "payments") String team,
        String description,
        boolean suspended,
        Instant suspendedAt,
        String suspendedBy,
        String suspensionReason,
        @Schema(description = "Daily token budget; null: none") Long dailyTokenBudget,
        @Schema(description = "Daily cost budget in USD; null: none") BigDecimal dailyCostBudgetUsd,
        Instant updatedAt,
        String updatedBy) {

    static AgentView of(RegisteredAgent agent) {
        return new AgentView(agent.id, agent.registered(), agent.owner, agent.riskTier, agent.team, agent.description,
                agent.suspended, agent.suspendedAt, agent.suspendedBy, agent.suspensionReason, agent.dailyTokenBudget,
                agent.dailyCostBudgetUsd, agent.updatedAt, agent.updatedBy);
    }
}
