package dev.goodhart.ingest.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.postgresql.PGConnection;

import io.agroal.api.AgroalDataSource;

import dev.goodhart.ingest.retention.PartitionMaintenance;

/**
 * Writes records with plain JDBC rather than Panache: ids are claimed for a whole batch at once and the rows go in with
 * one COPY, which is what makes batch ingest run close to the database's own COPY speed.
 *
 * <p>Claiming: the common batch holds only new ids, so the ids are first COPYed into the id table inside a savepoint
 * (COPY is the cheapest way into a table and its unique index). A known id fails that COPY with a unique violation;
 * the savepoint is then rolled back and the ids are claimed with {@code insert ... on conflict do nothing}, which
 * answers the new ones. Small batches (a single event above all) go straight to that statement: it is one round trip,
 * where savepoint, COPY and release are four. Either way every id is claimed by exactly one committed transaction: a concurrent writer of the
 * same id waits for the first one's commit or rollback on the unique index.
 */
@ApplicationScoped
@Transactional
public class EventStore {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY_IDS = "copy event_key (type, event_id, occurred_at) from stdin";
    private static final String CLAIM_IDS = """
            insert into event_key (type, event_id, occurred_at)
            select ?, k.id, k.occurred_at::timestamptz
            from unnest(?::text[], ?::text[]) with ordinality as k(id, occurred_at, n)
            order by k.n
            on conflict do nothing
            returning event_id
            """;
    private static final int COPY_BUFFER = 64 * 1024;
    /** From this many records on, claiming by COPY saves more than its extra round trips cost. */
    private static final int COPY_CLAIM_MIN_RECORDS = 16;

    private final AgroalDataSource dataSource;
    private final PartitionMaintenance partitions;
    private final ObjectMapper json;

    public EventStore(AgroalDataSource dataSource, PartitionMaintenance partitions, ObjectMapper json) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.json = json;
    }

    /**
     * Stores every part in this one transaction (a group commit) and answers, per part, the ids it stored; see
     * {@link #storeNew(EventTable, List)}.
     */
    public List<Set<String>> storeNew(List<TableRecords<?>> parts) {
        List<Set<String>> stored = new ArrayList<>(parts.size());
        for (TableRecords<?> part : parts) {
            stored.add(storePart(part));
        }
        return stored;
    }

    private <R extends StoredEvent> Set<String> storePart(TableRecords<R> part) {
        return storeNew(part.table(), part.records());
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
        List<R> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(StoredEvent::id));
        try (Connection connection = dataSource.getConnection()) {
            List<R> claimed = claim(connection, table.type(), sorted);
            if (!claimed.isEmpty()) {
                CopyRows rows = new CopyRows(json, claimed.size());
                for (R record : claimed) {
                    table.write(record, rows);
                    rows.endRow();
                }
                copy(connection, table.copySql(), rows);
            }
            Set<String> ids = new HashSet<>(claimed.size() * 2);
            claimed.forEach(record -> ids.add(record.id()));
            return ids;
        } catch (SQLException e) {
            throw new EventStoreException(e);
        }
    }

    /** The records whose ids this transaction has claimed, in the order given. */
    private <R extends StoredEvent> List<R> claim(Connection connection, String type, List<R> sorted)
            throws SQLException {
        if (sorted.size() >= COPY_CLAIM_MIN_RECORDS && claimAllByCopy(connection, type, sorted)) {
            return sorted;
        }
        Set<String> claimed = claimNew(connection, type, sorted);
        return claimed.size() == sorted.size()
                ? sorted
                : sorted.stream().filter(record -> claimed.contains(record.id())).toList();
    }

    /** Whether every id was new and is now claimed; false (and nothing claimed) when any id was known. */
    private boolean claimAllByCopy(Connection connection, String type, List<? extends StoredEvent> sorted)
            throws SQLException {
        CopyRows ids = new CopyRows(json, sorted.size());
        for (StoredEvent record : sorted) {
            ids.text(type).text(record.id()).timestamp(record.occurredAt()).endRow();
        }
        try (Statement savepoint = connection.createStatement()) {
            // SQL savepoints: the pool forbids rolling back through the JDBC API while enlisted in a transaction.
            savepoint.execute("savepoint claim_ids");
            try {
                copy(connection, COPY_IDS, ids);
                savepoint.execute("release savepoint claim_ids");
                return true;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                savepoint.execute("rollback to savepoint claim_ids");
                savepoint.execute("release savepoint claim_ids");
                return false;
            }
        }
    }

    private static Set<String> claimNew(Connection connection, String type, List<? extends StoredEvent> records)
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

    private static void copy(Connection connection, String sql, CopyRows rows) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(sql, new ByteArrayInputStream(rows.bytes(), 0, rows.length()), COPY_BUFFER);
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + sql, e);
        }
    }

    /** A database failure while storing; mapped like any SQL failure (503 when the database is unreachable). */
    public static final class EventStoreException extends RuntimeException {
        EventStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
