package dev.goodhart.policy.approval;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A request waiting for (or given) human approval")
public record ApprovalView(
        UUID id,
        @Schema(enumeration = { "pending", "approved", "rejected", "expired", "used" }) String status,
        @Schema(examples = "demo-agent") String agent,
        @Schema(examples = "alice@example.com") String onBehalfOf,
        @Schema(examples = "deploy") String action,
        @Schema(examples = "Service") String resourceType,
        @Schema(examples = "checkout") String resourceId,
        @Schema(description = "The approval_required decision that created it") UUID decisionId,
        Instant createdAt,
        Instant expiresAt,
        @Schema(examples = "alice@example.com") String decidedBy,
        Instant decidedAt,
        String comment,
        Instant usedAt,
        @Schema(description = "The allow decision that used it") UUID usedByDecision) {

    static ApprovalView of(Approval approval, Instant now) {
        return new ApprovalView(approval.id, approval.state(now), approval.agent, approval.onBehalfOf, approval.action,
                approval.resourceType, approval.resourceId, approval.decisionId, approval.createdAt, approval.expiresAt,
                approval.decidedBy, approval.decidedAt, approval.comment, approval.usedAt, approval.usedByDecision);
    }
}
