package dev.goodhart.scoring.feed;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "How far scoring-service has read ingest-service's feed, and how far it has scored it")
public record FeedStatus(
        @Schema(description = "Opaque feed cursor; absent before the first page") String position,
        @Schema(description = "Usage and outcome events stored", examples = "120000") long eventsApplied,
        @Schema(description = "Events delivered again and ignored", examples = "12") long duplicates,
        @Schema(description = "Records that broke the feed contract, logged and not stored", examples = "0") long skipped,
        @Schema(description = "receivedAt of the newest applied event: scores know the feed up to here")
        Instant asOf,
        @Schema(description = "The last successful poll reached the end of the feed") boolean caughtUp,
        @Schema(description = "Seconds the scores may be behind the feed: since the last poll that reached its end "
                + "when caught up, else since asOf; absent before anything was read", examples = "3")
        Long lagSeconds,
        Instant lastPollAt,
        @Schema(description = "Why the last poll failed; absent when it succeeded") String lastError,
        @Schema(description = "Weeks with events not scored yet", examples = "0") long weeksPendingScoring,
        Instant updatedAt) {
}
