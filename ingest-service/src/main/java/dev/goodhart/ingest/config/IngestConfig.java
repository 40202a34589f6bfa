package dev.goodhart.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "goodhart.ingest")
public interface IngestConfig {

    Pseudonymisation pseudonymisation();

    Privacy privacy();

    Retention retention();

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
}
