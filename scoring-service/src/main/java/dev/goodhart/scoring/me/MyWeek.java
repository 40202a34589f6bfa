package dev.goodhart.scoring.me;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One ISO week of the caller's own AI use; see GET /v1/metrics/definitions")
public record MyWeek(
        @Schema(examples = "2026-W47") String week,
        Instant from,
        Instant to,
        @Schema(description = "Usage events (AI calls)") long usageEvents,
        long tokens,
        BigDecimal costUsd,
        @Schema(description = "Usage events linked to a valued result") long linkedEvents,
        @Schema(description = "Linked tokens divided by tokens") Double linkedShare,
        @Schema(description = "Counted outcomes credited to you") long outcomes,
        @Schema(description = "Of those, linked to AI usage") long linkedOutcomes,
        Double acceptanceRate,
        @Schema(description = "Tokens in flagged activity divided by tokens; absent until the week is settled")
        Double busyworkShare,
        @Schema(description = "Flags about your activity this week") int flags,
        boolean settled) {
}
