package dev.goodhart.scoring.agent;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.goodhart.scoring.detect.FlagView;

@Schema(description = "Flags raised about an agent, newest week first (docs/contracts.md)")
public record AgentFlags(@Schema(examples = "demo-agent") String agentId, List<FlagView> flags) {
}
