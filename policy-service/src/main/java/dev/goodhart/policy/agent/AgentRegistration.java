package dev.goodhart.policy.agent;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What a policy admin says about an agent")
public record AgentRegistration(
        @Schema(description = "The person responsible for the agent", examples = "alice@example.com")
        @NotBlank @Email @Size(max = 320) String owner,
        @Schema(enumeration = { "low", "medium", "high" }, examples = "low")
        @NotBlank @Pattern(regexp = "low|medium|high", message = "must be low, medium or high") String riskTier,
        @Schema(description = "The team the agent belongs to (Cedar: Agent in Team)", examples = "payments")
        @Size(max = 200) @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String team,
        @Schema(examples = "Deploys the checkout service") @Size(max = 2000)
        @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String description) {
}
