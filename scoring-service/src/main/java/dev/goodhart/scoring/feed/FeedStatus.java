package dev.goodhart.scoring.feed;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "How far scoring-service has read ingest-service's feed")
public record FeedStatus(
        @Schema(description = "Opaque feed cursor; absent before the first page") String position,
        @Schema(examples = "120000") long eventsApplied,
        Instant updatedAt) {
}
