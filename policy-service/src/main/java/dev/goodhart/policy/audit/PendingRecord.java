package dev.goodhart.policy.audit;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A decision waiting for the audit writer, with what must become durable in the same transaction: the approval an
 * approval_required answer creates, and the shadow set's verdict. Sequence number, time and hashes are the writer's.
 */
public record PendingRecord(
        UUID decisionId,
        String agent,
        String onBehalfOf,
        String action,
        String resourceType,
        String resourceId,
        String decision,
        String basis,
        String verdict,
        int policyVersion,
        List<String> policies,
        List<String> reasons,
        UUID approvalId,
        Long tokens,
        BigDecimal costUsd,
        String request,
        NewApproval newApproval,
        ShadowOutcome shadow) {

    /** An approval to create with this record; it expires {@code validFor} after the record's time. */
    public record NewApproval(UUID id, Duration validFor, String requestHash) {
    }

    /** The running shadow set's verdict on the same request. */
    public record ShadowOutcome(int shadowId, String verdict, List<String> policies, List<String> reasons) {
    }

    public boolean shadowDisagrees() {
        return shadow != null && !shadow.verdict().equals(verdict);
    }
}
