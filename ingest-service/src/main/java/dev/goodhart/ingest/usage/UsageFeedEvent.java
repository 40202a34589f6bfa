package dev.goodhart.ingest.usage;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.goodhart.ingest.feed.FeedEvent;

/** A usage event as the feed delivers it (docs/contracts.md). */
@RegisterForReflection
public record UsageFeedEvent(
        String type,
        String id,
        String source,
        Instant occurredAt,
        Instant receivedAt,
        String personKey,
        String team,
        String agent,
        String provider,
        String model,
        String operation,
        long inputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long outputTokens,
        long reasoningTokens,
        BigDecimal costUsd,
        String sessionId,
        String taskId,
        String traceId,
        String trigger,
        Artifact artifact,
        String promptFingerprint,
        String outputFingerprint,
        /** The stored JSON object as it is. */
        @JsonRawValue String attributes) implements FeedEvent {

    public static final String TYPE = "usage";
}
