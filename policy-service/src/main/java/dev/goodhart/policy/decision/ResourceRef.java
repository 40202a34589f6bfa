package dev.goodhart.policy.decision;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What the agent wants to act on: a Cedar entity of a type the schema declares")
public record ResourceRef(
        @Schema(examples = "Service") @NotBlank @Pattern(regexp = "[A-Z][A-Za-z0-9_]*", message = "must be a Cedar entity type name")
        String type,
        @Schema(examples = "checkout") @NotBlank @Size(max = 500)
        @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String id,
        @Schema(type = SchemaType.OBJECT, description = "Attributes as the Cedar schema declares them for the type, e.g. "
                + "{\"environment\": \"prod\"}; a User is given by e-mail, e.g. {\"owner\": \"alice@example.com\"}")
        ObjectNode attributes) {
}
