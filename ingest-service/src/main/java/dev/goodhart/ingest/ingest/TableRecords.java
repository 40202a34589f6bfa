package dev.goodhart.ingest.ingest;

import java.util.List;

/** Records of one table with distinct ids, as one part of a transaction that may write several. */
public record TableRecords<R extends StoredEvent>(EventTable<R> table, List<R> records) {
}
