package dev.goodhart.policy.policy;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.goodhart.policy.cedar.CompiledPolicies;

@Schema(description = "One policy of a set, as its annotations describe it")
public record PolicySummary(
        @Schema(examples = "deploy-to-prod-needs-approval") String id,
        @Schema(enumeration = { "permit", "forbid" }) String effect,
        @Schema(examples = "Deploying to production needs the approval of the person the agent acts for") String reason,
        @Schema(description = "True when the policy carries @approval(\"required\")") boolean approvalRequired,
        @Schema(description = "Line of the policy in the source", examples = "22") int line) {

    static List<PolicySummary> of(CompiledPolicies compiled) {
        return compiled.policies().values().stream()
                .map(p -> new PolicySummary(p.id(), p.effect().name().toLowerCase(java.util.Locale.ROOT), p.reason(),
                        p.approvalRequired(), p.line()))
                .toList();
    }
}
