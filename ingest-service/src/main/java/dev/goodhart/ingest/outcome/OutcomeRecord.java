package dev.goodhart.ingest.outcome;

import java.time.Instant;
import java.util.Map;

import dev.goodhart.ingest.ingest.StoredEvent;

/** An outcome as it is stored; {@code personKey} is null only for {@link OutcomeKind#MEETING_HELD}. */
public record OutcomeRecord(
        String id,
        String source,
        Instant occurredAt,
        String personKey,
        String team,
        OutcomeKind kind,
        String ref,
        String sessionId,
        String taskId,
        String traceId,
        Map<String, Object> attributes) implements StoredEvent {
}
