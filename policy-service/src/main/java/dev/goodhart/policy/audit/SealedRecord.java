package dev.goodhart.policy.audit;

import java.time.Instant;

/** Where a decision landed in the audit chain, once durable. */
public record SealedRecord(long seq, Instant recordedAt, String hash) {
}
