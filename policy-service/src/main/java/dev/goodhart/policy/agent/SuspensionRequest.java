package dev.goodhart.policy.agent;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Why an agent is suspended")
public record SuspensionRequest(
        @Schema(examples = "Sent 300 e-mails to customers overnight") @Size(max = 2000)
        @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String reason) {
}
