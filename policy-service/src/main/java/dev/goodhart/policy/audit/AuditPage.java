package dev.goodhart.policy.audit;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Audit records, newest first")
public record AuditPage(
        List<AuditRecordView> records,
        @Schema(description = "Pass as `before` for the next (older) page; absent on the last page", examples = "1001")
        Long nextBefore) {
}
