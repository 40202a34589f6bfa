package dev.goodhart.ingest.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.ingest.config.IngestConfig;

/**
 * Replaces person identifiers with HMAC-SHA256 under a configured key, so that raw identities never reach the database
 * while the same person always gets the same key. Identifiers are trimmed and lower-cased first so that
 * {@code Alice@Example.com} and {@code alice@example.com} are one person.
 */
@ApplicationScoped
public class Pseudonymiser {

    static final int MINIMUM_KEY_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public Pseudonymiser(IngestConfig config) {
        String secret = config.pseudonymisation().key();
        if (secret == null || secret.length() < MINIMUM_KEY_LENGTH) {
            throw new IllegalStateException(
                    "goodhart.ingest.pseudonymisation.key must be at least " + MINIMUM_KEY_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String personKey(String identifier) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(identifier.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
