package dev.goodhart.ingest.retention;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * The month partitions of the event tables, one short transaction per change (DDL takes a strong lock on the parent
 * table, so it never runs inside an ingest transaction). Plain JDBC: partition DDL has no Panache equivalent.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class Partitions {

    /** Serialises partition DDL between replicas of the service. */
    private static final long DDL_LOCK = 0x600d_4a27L;
    private static final Pattern MONTH_SUFFIX = Pattern.compile("_y(\\d{4})m(\\d{2})$");

    private final AgroalDataSource dataSource;

    public Partitions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the partition of {@code table} for {@code month} unless it exists. */
    public void ensure(String table, YearMonth month) {
        try (Connection connection = dataSource.getConnection()) {
            lockDdl(connection);
            try (PreparedStatement create = connection.prepareStatement("select ensure_month_partition(?, ?)")) {
                create.setString(1, table);
                create.setDate(2, Date.valueOf(month.atDay(1)));
                create.execute();
            }
        } catch (SQLException e) {
            throw new PartitionException("Cannot create the " + month + " partition of " + table, e);
        }
    }

    /** The months that have a partition of {@code table}. */
    public List<YearMonth> months(String table) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = ?::regclass
                        """)) {
            query.setString(1, table);
            List<YearMonth> months = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Matcher suffix = MONTH_SUFFIX.matcher(rows.getString(1));
                    if (suffix.find()) {
                        months.add(YearMonth.of(Integer.parseInt(suffix.group(1)), Integer.parseInt(suffix.group(2))));
                    }
                }
            }
            return months;
        } catch (SQLException e) {
            throw new PartitionException("Cannot list the partitions of " + table, e);
        }
    }

    /** Drops a month partition with all its rows: retention's cheap delete. */
    public void drop(String table, YearMonth month) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            lockDdl(connection);
            // Waits at most this long for readers of the parent table; the next run tries again.
            statement.execute("set local lock_timeout = '10s'");
            statement.execute("drop table if exists " + partitionName(table, month));
        } catch (SQLException e) {
            throw new PartitionException("Cannot drop the " + month + " partition of " + table, e);
        }
    }

    /** Deletes up to {@code limit} event ids older than {@code before}; answers how many it deleted. */
    public int pruneEventKeys(Instant before, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        delete from event_key where ctid = any(array(
                            select ctid from event_key where occurred_at < ? limit ?))
                        """)) {
            delete.setTimestamp(1, Timestamp.from(before));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new PartitionException("Cannot prune event ids", e);
        }
    }

    static String partitionName(String table, YearMonth month) {
        return "%s_y%04dm%02d".formatted(table, month.getYear(), month.getMonthValue());
    }

    private static void lockDdl(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, DDL_LOCK);
            lock.execute();
        }
    }

    /** A database failure during partition maintenance; mapped like any SQL failure. */
    public static final class PartitionException extends RuntimeException {
        PartitionException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
