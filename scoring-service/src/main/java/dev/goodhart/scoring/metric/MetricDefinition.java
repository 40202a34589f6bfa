package dev.goodhart.scoring.metric;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A value metric: what it measures and how it is computed")
public record MetricDefinition(
        @Schema(examples = "meaningfulAdoption") String name,
        @Schema(examples = "share") String unit,
        @Schema(examples = "People with at least one AI session linked to an outcome or an accepted output, divided by people")
        String definition) {
}
