package dev.goodhart.scoring.feed;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of ingest-service's feed (docs/contracts.md). */
@RegisterForReflection
public record FeedPage(List<FeedEvent> events, String next, boolean hasMore) {

    public FeedPage {
        events = events == null ? List.of() : events;
    }
}
