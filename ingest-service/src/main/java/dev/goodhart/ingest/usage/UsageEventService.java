package dev.goodhart.ingest.usage;

import java.util.HashMap;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.ingest.privacy.Pseudonymiser;

@ApplicationScoped
@Transactional
public class UsageEventService {

    private final Pseudonymiser pseudonymiser;

    public UsageEventService(Pseudonymiser pseudonymiser) {
        this.pseudonymiser = pseudonymiser;
    }

    /** Stores the event unless its id is known already; the answer is committed before it is returned. */
    public WriteResult store(UsageEventRequest request) {
        if (UsageEvent.existsByEventId(request.id())) {
            return new WriteResult(0, 1, List.of());
        }
        toEntity(request).persist();
        return new WriteResult(1, 0, List.of());
    }

    private UsageEvent toEntity(UsageEventRequest request) {
        UsageEvent event = new UsageEvent();
        event.eventId = request.id();
        event.occurredAt = request.occurredAt();
        event.personKey = pseudonymiser.personKey(request.person());
        event.team = request.team();
        event.agent = request.agent();
        event.provider = request.provider();
        event.model = request.model();
        event.operation = request.operation();
        event.inputTokens = zeroIfAbsent(request.inputTokens());
        event.cacheReadTokens = zeroIfAbsent(request.cacheReadTokens());
        event.cacheWriteTokens = zeroIfAbsent(request.cacheWriteTokens());
        event.outputTokens = zeroIfAbsent(request.outputTokens());
        event.reasoningTokens = zeroIfAbsent(request.reasoningTokens());
        event.costUsd = request.costUsd();
        event.sessionId = request.sessionId();
        event.taskId = request.taskId();
        event.traceId = request.traceId();
        event.trigger = request.trigger() == null ? null : request.trigger().wireName();
        if (request.artifact() != null) {
            event.artifactKind = request.artifact().kind();
            event.artifactRef = request.artifact().ref();
        }
        event.promptFingerprint = request.promptFingerprint();
        event.attributes = request.attributes() == null ? new HashMap<>() : new HashMap<>(request.attributes());
        return event;
    }

    private static long zeroIfAbsent(Long count) {
        return count == null ? 0L : count;
    }
}
