package dev.goodhart.scoring.feed;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One record of the feed: a usage event, an outcome (or context) event, or a directory entry, told apart by
 * {@code type}. Fields of the other types are null. Only the fields scoring uses are read: {@code source},
 * {@code provider}, {@code model}, {@code operation}, {@code attributes} and any field added later are skipped. Read by
 * {@link FeedEventDeserializer}, written (in tests) as an ordinary record.
 */
@RegisterForReflection
@JsonDeserialize(using = FeedEventDeserializer.class)
public record FeedEvent(
        String type,
        String id,
        Instant occurredAt,
        Instant receivedAt,
        String personKey,
        String team,
        String agent,
        Long inputTokens,
        Long cacheReadTokens,
        Long cacheWriteTokens,
        Long outputTokens,
        Long reasoningTokens,
        BigDecimal costUsd,
        String sessionId,
        String taskId,
        String traceId,
        String trigger,
        Artifact artifact,
        String promptFingerprint,
        String kind,
        String ref,
        String primaryTeam,
        List<String> teams,
        Boolean active) {

    public static final String USAGE = "usage";
    public static final String OUTCOME = "outcome";
    public static final String PERSON = "person";

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artifact(String kind, String ref) {
    }

    /** Uncached input, cache read, cache write, output and reasoning tokens. */
    public long tokens() {
        return count(inputTokens) + count(cacheReadTokens) + count(cacheWriteTokens) + count(outputTokens)
                + count(reasoningTokens);
    }

    private static long count(Long tokens) {
        return tokens == null ? 0 : tokens;
    }
}
