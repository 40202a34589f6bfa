package dev.goodhart.scoring.agent;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What an agent spent in a window ending now (docs/contracts.md)")
public record AgentSpend(
        @Schema(examples = "demo-agent") String agentId,
        @Schema(examples = "P1D") String window,
        Instant from,
        Instant to,
        @Schema(description = "Uncached input, cache read, cache write, output and reasoning tokens", examples = "182000")
        long tokens,
        @Schema(examples = "4.21") BigDecimal costUsd,
        @Schema(examples = "57") long events,
        @Schema(description = "receivedAt of the newest feed event applied: the spend is known up to then")
        Instant asOf) {
}
