package dev.goodhart.ingest.ingest;

import java.util.List;

/**
 * How one record type is stored: its type name (as in the feed and the id table), its partitioned table, and how a
 * record becomes a COPY row. Columns the database fills (seq, xact_id, received_at) are not listed.
 */
public interface EventTable<R extends StoredEvent> {

    /** The record type, e.g. {@code usage}: the feed's {@code type} and the namespace of event ids. */
    String type();

    /** The partitioned table. */
    String table();

    List<String> columns();

    /** The COPY statement that loads rows of {@link #columns()} into {@link #table()}. */
    default String copySql() {
        return "copy " + table() + " (" + String.join(", ", columns()) + ") from stdin";
    }

    /** Appends one row holding {@link #columns()} in order. */
    void write(R record, CopyRows row);
}
