package dev.goodhart.ingest.ingest;

import java.time.Instant;

/**
 * A validated, pseudonymised event ready for the store: the part of every record type that the write path needs to
 * deduplicate it and to place it in its time partition.
 */
public interface StoredEvent {

    String id();

    Instant occurredAt();
}
