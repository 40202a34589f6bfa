package dev.goodhart.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "goodhart.ingest")
public interface IngestConfig {

    Pseudonymisation pseudonymisation();

    Privacy privacy();

    Retention retention();

    Otlp otlp();

    Directory directory();

    Github github();

    GroupCommit groupCommit();

    /** Most events one request may carry; more is refused with 413 before anything is stored. */
    @WithDefault("10000")
    int maxEventsPerRequest();

    /**
     * How far in the future an event's occurredAt may lie (clock skew between sources and this service); later
     * timestamps are rejected per item.
     */
    @WithDefault("PT5M")
    Duration futureSkew();

    interface Pseudonymisation {
        /**
         * Secret for the keyed hash that replaces person identifiers at the door. At least 32 characters; rotating it
         * starts new person keys, so old and new data no longer join.
         */
        String key();
    }

    interface Privacy {
        /**
         * Whether raw {@code prompt} and {@code output} text fields are accepted. When false (the default) an event
         * carrying them is rejected; when true the service computes their SimHash fingerprints and drops the text.
         */
        @WithDefault("false")
        boolean fingerprintText();
    }

    interface Retention {
        /**
         * How long events are kept, by occurredAt. Whole months are dropped once every day in them is older than this;
         * events older than this are rejected on arrival.
         */
        @WithDefault("P400D")
        Duration maxAge();

        /** How often partitions are created ahead and expired ones dropped (also done once at startup). */
        @WithDefault("1h")
        String checkEvery();
    }

    interface Directory {
        /**
         * How long a replica remembers whose an identifier is (canonical key and primary team). A directory change
         * reaches events within this time on every replica (at once on the replica that made it); 0 asks the directory
         * for every request.
         */
        @WithDefault("PT30S")
        Duration cacheFor();
    }

    interface Otlp {
        /**
         * Most OTLP requests processed at once; more are answered 429 with Retry-After (OTLP clients retry), so that a
         * burst of exporters cannot exhaust the database pool the native API also needs.
         */
        @WithDefault("8")
        int maxConcurrentRequests();

        /** Seconds an OTLP client is asked to wait when the service is overloaded. */
        @WithDefault("2")
        int retryAfterSeconds();

        /**
         * Where Claude Code's token and cost usage is taken from: {@code logs} (the per-request
         * {@code claude_code.api_request} events) or {@code metrics} ({@code claude_code.token.usage} and
         * {@code claude_code.cost.usage}). Claude Code reports the same calls in both, so exactly one is stored; the
         * other is accepted and ignored.
         */
        @WithDefault("logs")
        ClaudeCodeUsageFrom claudeCodeUsageFrom();
    }

    enum ClaudeCodeUsageFrom {
        LOGS,
        METRICS
    }

    interface GroupCommit {
        /**
         * API requests with at most this many acceptable events are written by group commit: requests waiting at the
         * same time share one transaction and one commit, each answered only after that commit. Larger requests commit
         * on their own. 0 turns group commit off.
         */
        @WithDefault("64")
        int maxRequestEvents();

        /** How long a request waits for its group's commit before it is answered 503 (its events may still commit). */
        @WithDefault("PT10S")
        Duration writeTimeout();
    }

    interface Github {
        /** The secret configured on the GitHub webhook; every delivery's X-Hub-Signature-256 is checked against it. */
        String webhookSecret();
    }
}
