package dev.goodhart.policy.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An agent's spend over a window, as scoring-service reports it (docs/contracts.md, "agent spend and flags").
 * {@code asOf} is how far scoring-service has read: spend after it is not in these figures yet.
 */
public record AgentSpend(String agentId, String window, Instant from, Instant to, long tokens, BigDecimal costUsd,
        long events, Instant asOf) {

    /** scoring-service knows no usage of this agent. */
    static AgentSpend none(String agentId) {
        return new AgentSpend(agentId, ScoringClient.DAILY, null, null, 0, BigDecimal.ZERO, 0, null);
    }
}
