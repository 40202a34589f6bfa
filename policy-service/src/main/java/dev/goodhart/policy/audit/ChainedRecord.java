package dev.goodhart.policy.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A link of the audit chain. {@code hash = SHA-256(JSON [seq, recordedAt, contentDigest, prevHash])} in lower-case hex,
 * where {@code contentDigest} is {@link AuditContent#digest()} of the record's fields and the first record's
 * {@code prevHash} is 64 zeros. Changing any field, removing or reordering records breaks the chain from that record
 * on. Writer and verifier both hash through this class, from values as they are stored.
 */
public record ChainedRecord(long seq, Instant recordedAt, String contentDigest, String prevHash) {

    public static final String GENESIS = "0".repeat(64);

    /** PostgreSQL keeps microseconds: times are hashed as they will be read back. */
    public static Instant storedInstant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public String hash() {
        return sha256(Arrays.asList(seq, DateTimeFormatter.ISO_INSTANT.format(recordedAt), contentDigest, prevHash));
    }

    /** SHA-256 of the JSON text of a list of strings, numbers, nulls and lists of strings (no objects: no key order). */
    static String sha256(List<?> fields) {
        try {
            byte[] json = CanonicalJson.mapper().writeValueAsBytes(fields);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash an audit record", e);
        }
    }
}
