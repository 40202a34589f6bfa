package dev.goodhart.policy.decision;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What the agent wants to act on")
public record ResourceRef(
        @Schema(examples = "Service") @NotBlank @Pattern(regexp = "[A-Z][A-Za-z0-9_]*", message = "must be a Cedar entity type name")
        String type,
        @Schema(examples = "checkout") @NotBlank @Size(max = 500) String id,
        @Schema(description = "Attributes policies may test, e.g. {\"environment\": \"prod\"}")
        Map<String, String> attributes) {
}
