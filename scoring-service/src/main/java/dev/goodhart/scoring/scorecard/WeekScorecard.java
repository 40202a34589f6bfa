package dev.goodhart.scoring.scorecard;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One ISO week of a team's (or the organisation's) value metrics. A metric computed over fewer than k people is
 * absent and listed in {@code suppressedMetrics} with the reason; a group of fewer than k people is suppressed whole.
 * docs/metrics.md defines every field.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(description = "Value metrics of one ISO week; see GET /v1/metrics/definitions")
public record WeekScorecard(
        @Schema(examples = "2026-W47") String week,
        Instant from,
        Instant to,
        @Schema(description = "True when the group has fewer than k people: no figure is shown") boolean suppressed,
        @Schema(description = "Why figures are withheld", examples = "fewer than 5 people") String reason,
        @Schema(description = "People in the group: directory members plus anyone else active in it this week")
        Integer people,
        @Schema(description = "Where the people count comes from: directory (with people seen in events) or events",
                examples = "directory") String peopleSource,
        Integer aiUsers,
        Double rawAdoption,
        Integer meaningfulUsers,
        Double meaningfulAdoption,
        Long tokens,
        BigDecimal costUsd,
        Long outcomes,
        Long linkedOutcomes,
        Double tokensPerOutcome,
        BigDecimal costPerOutcome,
        Double acceptanceRate,
        Double busyworkShare,
        Double goodhartIndex,
        @Schema(description = "The week's end plus the link window lies before the feed's watermark: links are "
                + "complete and detectors have judged it") boolean settled,
        List<Suppressed> suppressedMetrics,
        @Schema(description = "Flags in the group this week, as counts only: never who") FlagSummary flags) {

    @Schema(description = "A metric withheld and why")
    public record Suppressed(@Schema(examples = "acceptanceRate") String metric,
            @Schema(examples = "fewer than 5 people accepted or rejected output") String reason) {
    }

    @Schema(description = "How many flags the group has, by detector, and how many of its people are flagged")
    public record FlagSummary(
            @Schema(description = "People with at least one flag about their own activity") int flaggedPeople,
            @Schema(description = "flaggedPeople divided by aiUsers") Double flaggedShare,
            @Schema(description = "Agents with at least one flag") int flaggedAgents,
            @Schema(description = "Flags by detector") Map<String, Integer> byDetector) {
    }
}
