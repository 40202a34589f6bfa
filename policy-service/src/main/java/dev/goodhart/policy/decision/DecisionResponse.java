package dev.goodhart.policy.decision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DecisionResponse", description = "allow, deny or approval_required, with the policies that decided and why")
public record DecisionResponse(
        UUID decisionId,
        @Schema(examples = "allow", enumeration = { "allow", "deny", "approval_required" }) String decision,
        @Schema(description = "Why, in one word: permit, approval_policy, forbid, default_deny, evaluation_error, "
                + "agent_suspended, budget_exhausted, spend_unavailable, approval_granted, approval_pending, approval_rejected, "
                + "approval_expired, approval_used, approval_mismatch, approval_not_found", examples = "permit")
        String basis,
        @Schema(description = "Ids (@id) of the policies that determined the answer") List<String> policies,
        @Schema(description = "Human-readable reasons") List<String> reasons,
        @Schema(examples = "3") int policyVersion,
        @Schema(description = "The approval to wait for (approval_required) or the one that was used (allow)")
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID approvalId,
        @Schema(description = "When the approval expires") @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt,
        @Schema(description = "When the decision was recorded in the audit log") Instant recordedAt) {
}
