package dev.goodhart.ingest.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import dev.goodhart.ingest.ingest.StoredEvent;

/**
 * A usage event as it is stored: validated, the person replaced by their key, text replaced by fingerprints. Sources
 * other than the native API (OTLP, Copilot reports) build their events as {@link UsageEventRequest}s and go through
 * {@link UsageEventService#ingest}, so that every source gets the same checks.
 */
public record UsageRecord(
        String id,
        String source,
        Instant occurredAt,
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
        Trigger trigger,
        Artifact artifact,
        String promptFingerprint,
        String outputFingerprint,
        Map<String, Object> attributes) implements StoredEvent {
}
