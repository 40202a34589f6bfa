package dev.goodhart.scoring.scorecard;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Weekly value metrics of a team or of the whole organisation, oldest week first")
public record Scorecard(
        @Schema(description = "The team, or absent for the organisation", examples = "payments") String team,
        @Schema(description = "k: the fewest distinct people an aggregate may cover", examples = "5") int minGroupSize,
        @Schema(description = "Scores know the feed up to this receivedAt") Instant asOf,
        List<WeekScorecard> weeks) {
}
