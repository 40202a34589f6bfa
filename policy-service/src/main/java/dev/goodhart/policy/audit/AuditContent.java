package dev.goodhart.policy.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What an audit record says about a decision: every stored field except its place in the chain (sequence number,
 * time, hashes). Its digest is computed where the decision is made, so the single audit writer only chains digests.
 */
public record AuditContent(
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
        String request) {

    public AuditContent {
        // numeric(18,4) gives four decimals back: the digest is taken over the value as it will be read
        costUsd = costUsd == null ? null : costUsd.setScale(4, RoundingMode.HALF_EVEN);
    }

    /** SHA-256 (hex) of the JSON array of the fields in declaration order (UUIDs and the cost as strings). */
    public String digest() {
        return ChainedRecord.sha256(Arrays.asList(decisionId.toString(), agent, onBehalfOf, action, resourceType, resourceId,
                decision, basis, verdict, policyVersion, policies, reasons, approvalId == null ? null : approvalId.toString(),
                tokens, costUsd == null ? null : costUsd.toPlainString(), request));
    }
}
