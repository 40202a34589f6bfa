package dev.goodhart.policy.decision;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DecisionRequest", description = "An agent asks whether it may act; the agent is the token's client")
public record DecisionRequest(
        @Schema(examples = "alice@example.com", description = "The person the agent acts for")
        @NotBlank @Size(max = 320) String onBehalfOf,
        @Schema(examples = "deploy") @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]*", message = "must be a lower_snake_case action name")
        String action,
        @NotNull @Valid ResourceRef resource) {
}
