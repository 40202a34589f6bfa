package dev.goodhart.ingest.outcome;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.goodhart.ingest.feed.FeedEvent;

/** An outcome as the feed delivers it (docs/contracts.md); personKey is null only for meeting_held. */
@RegisterForReflection
public record OutcomeFeedEvent(
        String type,
        String id,
        String source,
        Instant occurredAt,
        Instant receivedAt,
        String personKey,
        String team,
        String kind,
        String ref,
        String sessionId,
        String taskId,
        String traceId,
        /** The stored JSON object as it is. */
        @JsonRawValue String attributes) implements FeedEvent {

    public static final String TYPE = "outcome";
}
