package dev.goodhart.policy.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One decision as the audit log recorded it")
public record AuditRecordView(
        @Schema(description = "Position in the chain, from 1", examples = "1042") long seq,
        UUID decisionId,
        Instant recordedAt,
        @Schema(examples = "demo-agent") String agent,
        @Schema(examples = "alice@example.com") String onBehalfOf,
        @Schema(examples = "deploy") String action,
        @Schema(examples = "Service") String resourceType,
        @Schema(examples = "checkout") String resourceId,
        @Schema(enumeration = { "allow", "deny", "approval_required" }) String decision,
        @Schema(examples = "approval_policy") String basis,
        @Schema(description = "What the policy set said before kill switch, approvals and budgets",
                enumeration = { "allow", "deny", "approval_required", "error" }) String verdict,
        int policyVersion,
        List<String> policies,
        List<String> reasons,
        UUID approvalId,
        Long tokens,
        BigDecimal costUsd,
        @Schema(description = "What Cedar saw: the agent as registered, the person, resource, context and recent counts")
        JsonNode request,
        String prevHash,
        String hash) {

    static AuditRecordView of(AuditRecord record) {
        return new AuditRecordView(record.seq, record.decisionId, record.recordedAt, record.agent, record.onBehalfOf,
                record.action, record.resourceType, record.resourceId, record.decision, record.basis, record.verdict,
                record.policyVersion, Arrays.asList(record.policies), Arrays.asList(record.reasons), record.approvalId,
                record.tokens, record.costUsd, CanonicalJson.read(record.request), record.prevHash, record.hash);
    }
}
