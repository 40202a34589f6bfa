package dev.goodhart.ingest.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Request bodies for tests, timed relative to now so that they stay inside the retention period. */
public final class TestEvents {

    private TestEvents() {
    }

    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static Instant anHourAgo() {
        return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    /** A usage event with every field of the contract set. */
    public static String usage(String id) {
        return usage(id, anHourAgo());
    }

    public static String usage(String id, Instant occurredAt) {
        return """
                {"id": "%s", "occurredAt": "%s", "person": "Alice@Example.com", "team": "payments",
                 "agent": "triage-bot", "provider": "anthropic", "model": "claude-sonnet-4", "operation": "chat",
                 "inputTokens": 400, "cacheReadTokens": 800, "cacheWriteTokens": 0, "outputTokens": 180,
                 "reasoningTokens": 0, "costUsd": 0.0123, "sessionId": "s-91", "taskId": "PAY-12",
                 "traceId": "5b8efff798038103d269b633813fc60c", "trigger": "human",
                 "artifact": {"kind": "meeting_summary", "ref": "meeting:2026-11-20-standup"},
                 "promptFingerprint": "a3f09c1e77d2b410", "attributes": {"gen_ai.request.temperature": 0.2}}
                """.formatted(id, occurredAt);
    }

    /** A minimal valid usage event on one line (for arrays and NDJSON). */
    public static String smallUsage(String id) {
        return "{\"id\": \"%s\", \"occurredAt\": \"%s\", \"person\": \"bob@example.com\", \"inputTokens\": 10}"
                .formatted(id, anHourAgo());
    }

    public static String outcome(String id, String kind) {
        return """
                {"id": "%s", "occurredAt": "%s", "person": "alice@example.com", "team": "payments", "kind": "%s",
                 "ref": "https://github.com/acme/shop/pull/42", "sessionId": "s-91", "taskId": "PAY-12"}
                """.formatted(id, anHourAgo(), kind);
    }
}
