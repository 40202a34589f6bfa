package dev.goodhart.ingest.privacy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

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

    /** A key function that remembers its answers: a batch names the same few people many times. */
    public UnaryOperator<String> forBatch() {
        Map<String, String> known = new HashMap<>();
        return identifier -> known.computeIfAbsent(identifier, personKeys::personKey);
    }
}
