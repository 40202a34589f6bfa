package dev.goodhart.ingest.feed;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A page of the feed (docs/contracts.md)")
public record FeedPage(
        @Schema(description = "Usage and outcome records in feed order; each has `type` and `id`") List<FeedEvent> events,
        @Schema(description = "Opaque cursor to pass as `after` for the next page; equals `after` when nothing is new")
        String next,
        @Schema(description = "Whether more records are available right now") boolean hasMore) {
}
