package dev.goodhart.policy.decision;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DecisionRequest", description = "An agent asks whether it may act; the agent is the token's client")
public record DecisionRequest(
        @Schema(description = "Optional: the agent's own id. It must equal the token's client (azp); an agent never asks "
                + "for another agent", examples = "demo-agent")
        String agent,
        @Schema(examples = "alice@example.com", description = "The person the agent acts for (e-mail)")
        @NotBlank @Email @Size(max = 320) String onBehalfOf,
        @Schema(examples = "deploy", description = "An action of the Cedar schema")
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{0,99}", message = "must be a lower_snake_case action name")
        String action,
        @NotNull @Valid ResourceRef resource,
        @Schema(type = SchemaType.OBJECT, description = "Context fields the Cedar schema declares for the action, e.g. "
                + "{\"tokens\": 2000}; `recent` is added by policy-service")
        ObjectNode context,
        @Schema(description = "An approval given for exactly this request, to use it") UUID approvalId) {
}
