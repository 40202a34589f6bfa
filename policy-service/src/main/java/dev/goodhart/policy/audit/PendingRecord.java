package dev.goodhart.policy.audit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A decision waiting for the audit writer, with what must become durable in the same transaction: the approval an
 * approval_required answer creates, and the shadow set's verdict. Sequence number, time and chain hash are the
 * writer's; the content digest is computed by the decision's own thread.
 */
public record PendingRecord(AuditContent content, String contentDigest, NewApproval newApproval, ShadowOutcome shadow) {

    public PendingRecord(AuditContent content, NewApproval newApproval, ShadowOutcome shadow) {
        this(content, content.digest(), newApproval, shadow);
    }

    /** An approval to create with this record; it expires {@code validFor} after the record's time. */
    public record NewApproval(UUID id, Duration validFor, String requestHash) {
    }

    /** The running shadow set's verdict on the same request. */
    public record ShadowOutcome(int shadowId, String verdict, List<String> policies, List<String> reasons) {
    }

    public boolean shadowDisagrees() {
        return shadow != null && !shadow.verdict().equals(content.verdict());
    }
}
