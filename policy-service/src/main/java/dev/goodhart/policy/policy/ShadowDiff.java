package dev.goodhart.policy.policy;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Where the shadow set disagreed with the active set")
public record ShadowDiff(
        @Schema(examples = "2") int shadowId,
        boolean running,
        @Schema(description = "Decisions evaluated beside the active set") long compared,
        @Schema(description = "Decisions on which the verdicts differ") long disagreements,
        @Schema(description = "Disagreements by transition, e.g. {\"allow→approval_required\": 4}") Map<String, Long> transitions,
        @Schema(description = "The most recent disagreements, newest first") List<VerdictChange> recent) {
}
