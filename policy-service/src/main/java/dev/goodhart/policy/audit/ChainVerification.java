package dev.goodhart.policy.audit;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The result of recomputing the audit chain")
public record ChainVerification(
        @Schema(description = "True when every record is intact and linked to the one before") boolean valid,
        @Schema(description = "Records checked", examples = "1042") long checked,
        @Schema(description = "Hash of the last record checked: keep it to detect a later truncation of the log")
        String lastHash,
        @Schema(description = "The first record that does not verify, when the chain is broken") BrokenRecord firstBroken) {

    @Schema(description = "Where the chain breaks and why")
    public record BrokenRecord(
            @Schema(examples = "17") long seq,
            UUID decisionId,
            @Schema(examples = "the record's contents do not match its hash (altered after it was written)") String problem) {
    }
}
