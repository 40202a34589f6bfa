package dev.goodhart.ingest.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * Serves the feed. Rows are served only once the transaction that wrote them is older than the oldest transaction still
 * running (PostgreSQL's snapshot xmin): such a transaction has finished, and every later transaction gets a larger id,
 * so the set of rows below the horizon never grows behind a cursor. Ordering by (transaction id, sequence) therefore
 * never skips a row, even when transactions commit out of order; it only waits for slow ones. Plain JDBC: the order is
 * over system values and several tables, which Panache queries do not express.
 */
@ApplicationScoped
@Transactional
public class FeedService {

    public static final int DEFAULT_LIMIT = 1_000;
    public static final int MAX_LIMIT = 10_000;

    private final AgroalDataSource dataSource;
    private final Instance<FeedSource> sources;

    public FeedService(AgroalDataSource dataSource, Instance<FeedSource> sources) {
        this.dataSource = dataSource;
        this.sources = sources;
    }

    public FeedPage page(FeedPosition after, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            long horizon = horizon(connection);
            List<FeedEntry> entries = new ArrayList<>();
            for (FeedSource source : sources) {
                entries.addAll(source.read(connection, after, horizon, limit + 1));
            }
            entries.sort(Comparator.comparing(FeedEntry::position));
            boolean hasMore = entries.size() > limit;
            List<FeedEntry> page = hasMore ? entries.subList(0, limit) : entries;
            FeedPosition next = page.isEmpty() ? after : page.get(page.size() - 1).position();
            return new FeedPage(page.stream().map(FeedEntry::event).toList(), next.cursor(), hasMore);
        } catch (SQLException e) {
            throw new FeedException(e);
        }
    }

    private static long horizon(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** A database failure while reading the feed; mapped like any SQL failure (503 when unreachable). */
    public static final class FeedException extends RuntimeException {
        FeedException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
