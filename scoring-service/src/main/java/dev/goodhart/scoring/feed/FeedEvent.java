package dev.goodhart.scoring.feed;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One record of the feed: a usage event, an outcome (or context) event, or a directory entry, told apart by
 * {@code type}. Fields of the other types are null. Only the fields scoring uses are read: {@code source},
 * {@code provider}, {@code model}, {@code operation}, {@code managerKey}, every attribute but the two of
 * {@link Attributes}, and any field added later are skipped. Read by {@link FeedEventDeserializer}, written (in tests)
 * as an ordinary record.
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
        Boolean active,
        Attributes attributes) {

    public static final String USAGE = "usage";
    public static final String OUTCOME = "outcome";
    public static final String PERSON = "person";

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artifact(String kind, String ref) {
    }

    /**
     * The two attributes of the feed contract that change what a record counts as (docs/contracts.md): a usage record
     * with {@code goodhart.tokens_reported = false} is a count-only sample (activity without token counts), and an
     * outcome's {@code count} says how many outcomes it stands for (absent: one).
     *
     * @param count as sent when it is a whole number; {@link #NOT_A_COUNT} when it is present but not one
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attributes(@JsonProperty(TOKENS_REPORTED) Boolean tokensReported, @JsonProperty(COUNT) Long count) {

        public static final String TOKENS_REPORTED = "goodhart.tokens_reported";
        public static final String COUNT = "count";
        /** Stands for a count that is not a whole number (a fraction, text, a boolean...): never valid. */
        public static final long NOT_A_COUNT = 0;
    }

    /** A usage record that reports activity without token counts: it counts as AI use, never as tokens or spend. */
    public boolean countOnly() {
        return attributes != null && Boolean.FALSE.equals(attributes.tokensReported());
    }

    /** How many outcomes this record stands for: {@code attributes.count}, 1 when absent. */
    public long count() {
        return attributes == null || attributes.count() == null ? 1 : attributes.count();
    }

    /** Uncached input, cache read, cache write, output and reasoning tokens; 0 for a count-only sample. */
    public long tokens() {
        if (countOnly()) {
            return 0;
        }
        return orZero(inputTokens) + orZero(cacheReadTokens) + orZero(cacheWriteTokens) + orZero(outputTokens)
                + orZero(reasoningTokens);
    }

    private static long orZero(Long tokens) {
        return tokens == null ? 0 : tokens;
    }
}
