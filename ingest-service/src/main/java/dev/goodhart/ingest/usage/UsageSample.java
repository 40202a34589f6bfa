package dev.goodhart.ingest.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A usage event being assembled by a source adapter (OTLP, Copilot reports) before it goes through the same checks as
 * the native API. Token counts follow the one token model: {@code inputTokens} is uncached input only.
 */
public final class UsageSample {

    public String id;
    public Instant occurredAt;
    public String person;
    public String team;
    public String agent;
    public String provider;
    public String model;
    public String operation;
    public Long inputTokens;
    public Long cacheReadTokens;
    public Long cacheWriteTokens;
    public Long outputTokens;
    public Long reasoningTokens;
    public BigDecimal costUsd;
    public String sessionId;
    public String traceId;
    public Artifact artifact;
    public final Map<String, Object> attributes = new LinkedHashMap<>();

    /** Adds to a token count that may not have been set yet. */
    public static Long plus(Long count, long more) {
        return count == null ? more : count + more;
    }

    public UsageEventRequest toRequest() {
        return new UsageEventRequest(id, occurredAt, person, team, agent, provider, model, operation, inputTokens,
                cacheReadTokens, cacheWriteTokens, outputTokens, reasoningTokens, costUsd, sessionId, null, traceId, null,
                artifact, null, null, null, null, attributes.isEmpty() ? null : Map.copyOf(attributes));
    }
}
