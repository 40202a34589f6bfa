package dev.goodhart.policy.policy;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What a candidate policy set would have answered to recorded requests")
public record DryRunReport(
        @Schema(description = "Recorded decisions replayed (the most recent ones)", examples = "10000") int replayed,
        @Schema(description = "Decisions whose policy verdict would change", examples = "12") int changed,
        @Schema(description = "Recorded requests that no longer fit the Cedar schema and were not replayed") int skipped,
        @Schema(description = "Changes by transition, e.g. {\"allow→deny\": 3}") Map<String, Long> transitions,
        @Schema(description = "Examples of changes (at most 20 per transition), newest first") List<VerdictChange> examples,
        @Schema(description = "The candidate's policies") List<PolicySummary> policies) {
}
