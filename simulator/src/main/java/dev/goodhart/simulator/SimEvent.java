package dev.goodhart.simulator;

/** Something a source reports about the simulated organisation: an AI call or an outcome. */
public sealed interface SimEvent permits SimEvent.Usage, SimEvent.Outcome {

    String id();

    /** Milliseconds since the epoch (UTC). */
    long occurredAt();

    /** The person's e-mail, as a source reports it (ingest-service replaces it by a person key). */
    String person();

    String team();

    /**
     * One AI call, with the fields of ingest-service's usage event. Cost is in micro-dollars so that rendering ten
     * million of them stays cheap.
     */
    record Usage(String id, long occurredAt, String person, String team, String agent, String provider, String model,
            String operation, long inputTokens, long cacheReadTokens, long cacheWriteTokens, long outputTokens,
            long reasoningTokens, long costMicros, String sessionId, String taskId, String traceId, String trigger,
            String artifactKind, String artifactRef, long promptFingerprint) implements SimEvent {

        public long tokens() {
            return inputTokens + cacheReadTokens + cacheWriteTokens + outputTokens + reasoningTokens;
        }
    }

    /** An outcome or context event ({@code meeting_held}), with the fields of ingest-service's outcome. */
    record Outcome(String id, long occurredAt, String person, String team, String kind, String ref, String sessionId,
            String taskId, String traceId) implements SimEvent {
    }
}
