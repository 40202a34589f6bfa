package dev.goodhart.policy.approval;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An optional comment with an approval or rejection")
public record ApprovalDecision(
        @Schema(examples = "Go ahead, the release notes are out") @Size(max = 2000)
        @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String comment) {
}
