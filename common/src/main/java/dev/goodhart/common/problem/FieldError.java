package dev.goodhart.common.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(description = "One offending field of a request")
public record FieldError(
        @Schema(description = "JSON path of the field, e.g. `artifact.kind` or `[3].inputTokens`", examples = "inputTokens")
        String field,
        @Schema(description = "What is wrong with it", examples = "must be between 0 and 10000000")
        String detail) {
}
