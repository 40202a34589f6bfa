package dev.goodhart.ingest.feed;

/** A feed record with its position, as a {@link FeedSource} reads it. */
public record FeedEntry(FeedPosition position, FeedEvent event) {
}
