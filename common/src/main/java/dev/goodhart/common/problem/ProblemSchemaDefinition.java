package dev.goodhart.common.problem;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Puts the Problem schema into every service's OpenAPI document, so that {@link ProblemResponsesFilter} can reference it
 * even in a service whose own operations never name it. Title and description come from each service's configuration.
 */
@OpenAPIDefinition(
        info = @Info(title = "Goodhart", version = "1.0"),
        components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class)))
public final class ProblemSchemaDefinition {

    private ProblemSchemaDefinition() {
    }
}
