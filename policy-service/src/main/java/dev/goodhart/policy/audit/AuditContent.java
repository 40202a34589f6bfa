package dev.goodhart.policy.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
        return JsonArrayDigest.sha256(json -> {
            json.writeString(decisionId.toString());
            json.writeString(agent);
            json.writeString(onBehalfOf);
            json.writeString(action);
            json.writeString(resourceType);
            json.writeString(resourceId);
            json.writeString(decision);
            json.writeString(basis);
            json.writeString(verdict);
            json.writeNumber(policyVersion);
            JsonArrayDigest.writeStrings(json, policies);
            JsonArrayDigest.writeStrings(json, reasons);
            json.writeString(approvalId == null ? null : approvalId.toString());
            if (tokens == null) {
                json.writeNull();
            } else {
                json.writeNumber(tokens.longValue());
            }
            json.writeString(costUsd == null ? null : costUsd.toPlainString());
            json.writeString(request);
        });
    }
}
