package dev.goodhart.ingest.directory;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.goodhart.ingest.feed.FeedEvent;

/** A directory entry as the feed delivers it (docs/contracts.md); the newest entry with an id wins. */
@RegisterForReflection
public record PersonFeedEvent(
        String type,
        String id,
        String personKey,
        Instant receivedAt,
        String primaryTeam,
        List<String> teams,
        String managerKey,
        boolean active) implements FeedEvent {

    public static final String TYPE = "person";
}
