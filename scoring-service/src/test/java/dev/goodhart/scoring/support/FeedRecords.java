package dev.goodhart.scoring.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.scoring.feed.FeedEvent;

/** Contract-shaped feed records (docs/contracts.md) for tests, with people given by e-mail and keyed like ingest. */
public final class FeedRecords {

    /** The %test pseudonymisation key of every service. */
    public static final PersonKeys KEYS = new PersonKeys("test-only-pseudonymisation-key-0123456789");

    private FeedRecords() {
    }

    public static String key(String email) {
        return KEYS.personKey(email);
    }

    public static Usage usage(String id, Instant occurredAt, String email, String team) {
        return new Usage(id, occurredAt, email, team);
    }

    public static FeedEvent outcome(String id, Instant occurredAt, String email, String team, String kind, String ref,
            String sessionId, String taskId) {
        return outcome(id, occurredAt, email, team, kind, ref, sessionId, taskId, null);
    }

    /** An outcome standing for {@code count} outcomes ({@code attributes.count}; null: absent). */
    public static FeedEvent outcome(String id, Instant occurredAt, String email, String team, String kind, String ref,
            String sessionId, String taskId, Long count) {
        return new FeedEvent(FeedEvent.OUTCOME, id, occurredAt, occurredAt.plusSeconds(1),
                email == null ? null : key(email), team, null, null, null, null, null, null, null, sessionId, taskId, null,
                null, null, null, kind, ref, null, null, null, count == null ? null : new FeedEvent.Attributes(null, count));
    }

    public static FeedEvent person(String email, Instant receivedAt, String primaryTeam, List<String> teams, boolean active) {
        String key = key(email);
        return new FeedEvent(FeedEvent.PERSON, key, null, receivedAt, key, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, primaryTeam, teams, active, null);
    }

    /** A usage record under construction. */
    public static final class Usage {
        private final String id;
        private final Instant occurredAt;
        private final String email;
        private final String team;
        private Instant receivedAt;
        private String agent;
        private long inputTokens = 1_000;
        private long outputTokens = 200;
        private BigDecimal cost = new BigDecimal("0.0100");
        private String sessionId;
        private String taskId;
        private String traceId;
        private String trigger = "human";
        private FeedEvent.Artifact artifact;
        private String fingerprint;
        private boolean countOnly;

        private Usage(String id, Instant occurredAt, String email, String team) {
            this.id = id;
            this.occurredAt = occurredAt;
            this.email = email;
            this.team = team;
            this.receivedAt = occurredAt.plusSeconds(1);
        }

        public Usage receivedAt(Instant value) {
            receivedAt = value;
            return this;
        }

        public Usage agent(String value) {
            agent = value;
            return this;
        }

        /** Input and output tokens (the total is their sum). */
        public Usage tokens(long input, long output) {
            inputTokens = input;
            outputTokens = output;
            return this;
        }

        public Usage cost(String usd) {
            cost = new BigDecimal(usd);
            return this;
        }

        public Usage session(String value) {
            sessionId = value;
            return this;
        }

        public Usage task(String value) {
            taskId = value;
            return this;
        }

        public Usage trace(String value) {
            traceId = value;
            return this;
        }

        public Usage trigger(String value) {
            trigger = value;
            return this;
        }

        public Usage artifact(String kind, String ref) {
            artifact = new FeedEvent.Artifact(kind, ref);
            return this;
        }

        public Usage fingerprint(String hex) {
            fingerprint = hex;
            return this;
        }

        /** A count-only sample, as ingest-service makes them: token counts and cost 0, tokens_reported false. */
        public Usage countOnly() {
            countOnly = true;
            inputTokens = 0;
            outputTokens = 0;
            cost = BigDecimal.ZERO;
            return this;
        }

        public FeedEvent build() {
            return new FeedEvent(FeedEvent.USAGE, id, occurredAt, receivedAt, key(email), team, agent, inputTokens, 0L, 0L,
                    outputTokens, 0L, cost, sessionId, taskId, traceId, trigger, artifact, fingerprint, null, null, null,
                    null, null, countOnly ? new FeedEvent.Attributes(false, null) : null);
        }
    }
}
