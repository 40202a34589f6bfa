package dev.goodhart.policy.audit;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

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
        return JsonArrayDigest.sha256(json -> {
            json.writeNumber(seq);
            json.writeString(DateTimeFormatter.ISO_INSTANT.format(recordedAt));
            json.writeString(contentDigest);
            json.writeString(prevHash);
        });
    }
}
