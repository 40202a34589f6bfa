package dev.goodhart.policy.decision;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DecisionResponse", description = "allow, deny or approval_required, with the policies that decided and why")
public record DecisionResponse(
        UUID decisionId,
        @Schema(examples = "allow", enumeration = { "allow", "deny", "approval_required" }) String decision,
        @Schema(description = "Ids of the policies that determined the answer") List<String> policies,
        @Schema(description = "Human-readable reasons") List<String> reasons,
        @Schema(examples = "3") int policyVersion) {
}
