package dev.goodhart.ingest.privacy;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.ingest.config.IngestConfig;

/**
 * Replaces person identifiers at the door, so that raw identities never reach the database while the same person always
 * gets the same key.
 */
@ApplicationScoped
public class Pseudonymiser {

    private final PersonKeys personKeys;

    public Pseudonymiser(IngestConfig config) {
        this.personKeys = new PersonKeys(config.pseudonymisation().key());
    }

    public String personKey(String identifier) {
        return personKeys.personKey(identifier);
    }
}
