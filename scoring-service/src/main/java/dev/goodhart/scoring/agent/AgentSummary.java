package dev.goodhart.scoring.agent;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One agent's spend over the window (whole UTC hours) and its flags")
public record AgentSummary(@Schema(examples = "payments-triage-bot-1") String agentId, long tokens, BigDecimal costUsd,
        long events, @Schema(description = "Flags about the agent, all weeks") long flags) {
}
