package dev.goodhart.ingest.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.postgresql.PGConnection;

import io.agroal.api.AgroalDataSource;

import dev.goodhart.ingest.retention.PartitionMaintenance;

/**
 * Writes records with plain JDBC rather than Panache: ids are claimed for a whole batch in one statement and the rows
 * go in with one COPY, which is what makes batch ingest run close to the database's own COPY speed.
 */
@ApplicationScoped
@Transactional
public class EventStore {

    private static final String CLAIM_IDS = """
            insert into event_key (type, event_id, occurred_at)
            select ?, k.id, k.occurred_at::timestamptz
            from unnest(?::text[], ?::text[]) with ordinality as k(id, occurred_at, n)
            order by k.n
            on conflict do nothing
            returning event_id
            """;

    private final AgroalDataSource dataSource;
    private final PartitionMaintenance partitions;
    private final ObjectMapper json;

    public EventStore(AgroalDataSource dataSource, PartitionMaintenance partitions, ObjectMapper json) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.json = json;
    }

    /**
     * Stores the records whose id is not yet known for their type and answers those ids; the others are duplicates of
     * earlier writes. Records must have distinct ids. Ids are claimed in sorted order, so concurrent batches that share
     * ids wait for each other instead of deadlocking, and a batch whose transaction rolls back frees its ids again.
     */
    public <R extends StoredEvent> Set<String> storeNew(EventTable<R> table, List<R> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        partitions.ensureFor(table.table(), records.stream().map(StoredEvent::occurredAt).toList());
        List<R> sorted = records.stream().sorted(Comparator.comparing(StoredEvent::id)).toList();
        try (Connection connection = dataSource.getConnection()) {
            Set<String> claimed = claim(connection, table.type(), sorted);
            if (!claimed.isEmpty()) {
                copy(connection, table, sorted.stream().filter(record -> claimed.contains(record.id())).toList());
            }
            return claimed;
        } catch (SQLException e) {
            throw new EventStoreException(e);
        }
    }

    private static Set<String> claim(Connection connection, String type, List<? extends StoredEvent> records)
            throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM_IDS)) {
            claim.setString(1, type);
            claim.setArray(2, connection.createArrayOf("text", records.stream().map(StoredEvent::id).toArray()));
            claim.setArray(3, connection.createArrayOf("text",
                    records.stream().map(record -> record.occurredAt().toString()).toArray()));
            Set<String> claimed = new HashSet<>(records.size() * 2);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    claimed.add(rows.getString(1));
                }
            }
            return claimed;
        }
    }

    private <R extends StoredEvent> void copy(Connection connection, EventTable<R> table, List<R> records)
            throws SQLException {
        CopyRows rows = new CopyRows(json);
        for (R record : records) {
            table.write(record, rows);
            rows.endRow();
        }
        String sql = "copy " + table.table() + " (" + table.columns().stream().collect(Collectors.joining(", "))
                + ") from stdin";
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows.content()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table.table() + " failed", e);
        }
    }

    /** A database failure while storing; mapped like any SQL failure (503 when the database is unreachable). */
    public static final class EventStoreException extends RuntimeException {
        EventStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
