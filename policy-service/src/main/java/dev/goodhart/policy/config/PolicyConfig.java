package dev.goodhart.policy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** policy-service's own settings; README's "policy-service settings" table documents each. */
@ConfigMapping(prefix = "goodhart.policy")
public interface PolicyConfig {

    /** A Cedar schema file to use instead of the one shipped in the service (cedar/goodhart.cedarschema). */
    Optional<Path> schemaFile();

    Approval approval();

    DryRun dryRun();

    Audit audit();

    Budget budget();

    interface Approval {
        /** How long an approval can be approved and then used. */
        @WithDefault("PT15M")
        Duration expiry();
    }

    interface DryRun {
        /** How many of the most recent recorded decisions a dry-run replays when the caller does not say. */
        @WithDefault("10000")
        int defaultRecords();

        /** The most a caller may ask to replay. */
        @WithDefault("100000")
        int maxRecords();
    }

    interface Audit {
        /** Most records written in one group-commit transaction. */
        @WithDefault("500")
        int maxBatch();

        /** How long a decision waits for its audit record to be durable before it is refused (503, deny). */
        @WithDefault("PT10S")
        Duration writeTimeout();
    }

    interface Budget {
        /** What to do when an agent has a budget and its spend cannot be read from scoring-service. */
        @WithDefault("deny-high-risk")
        SpendUnavailableMode spendUnavailable();

        /**
         * Reservations made this long before scoring-service's {@code asOf} still count, so that usage reported late
         * to scoring-service is not missed (it may be counted twice instead, which errs on the safe side).
         */
        @WithDefault("PT1M")
        Duration reservationOverlap();
    }

    enum SpendUnavailableMode {
        /** Deny actions the Cedar schema marks {@code @risk("high")}, allow the others. */
        DENY_HIGH_RISK,
        /** Deny every action of an agent with a budget. */
        DENY,
        /** Allow as if within budget (reservations are still recorded). */
        ALLOW
    }
}
