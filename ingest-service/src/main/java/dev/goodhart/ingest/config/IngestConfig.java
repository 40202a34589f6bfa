package dev.goodhart.ingest.config;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "goodhart.ingest")
public interface IngestConfig {

    Pseudonymisation pseudonymisation();

    interface Pseudonymisation {
        /**
         * Secret for the keyed hash that replaces person identifiers at the door. At least 32 characters; rotating it
         * starts new person keys, so old and new data no longer join.
         */
        String key();
    }
}
