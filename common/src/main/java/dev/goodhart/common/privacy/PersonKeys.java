package dev.goodhart.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash that replaces a person identifier everywhere in Goodhart: ingest-service applies it at the door, and
 * scoring-service applies it to the caller's token so that an employee finds their own rows without any service
 * storing who they are. Identifiers are trimmed and lower-cased first, so {@code Alice@Example.com} and
 * {@code alice@example.com} are one person. Both services must be configured with the same key.
 */
public final class PersonKeys {

    public static final int MINIMUM_KEY_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** A keyed Mac per thread: looking the algorithm up and keying it cost more than the hash of a short identifier. */
    private final ThreadLocal<Mac> macs;

    public PersonKeys(String secret) {
        if (secret == null || secret.length() < MINIMUM_KEY_LENGTH) {
            throw new IllegalStateException("The pseudonymisation key must be at least " + MINIMUM_KEY_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** 64 lower-case hex digits. */
    public String personKey(String identifier) {
        // doFinal leaves the Mac reset and keyed for the next identifier.
        byte[] digest = macs.get().doFinal(identifier.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
