package dev.goodhart.ingest.feed;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A {@link FeedSource} over one table with {@code xact_id} and {@code seq} columns. */
public abstract class TableFeedSource implements FeedSource {

    /** The table to read. */
    protected abstract String table();

    /** The columns {@link #event(ResultSet)} reads. */
    protected abstract String columns();

    protected abstract FeedEvent event(ResultSet row) throws SQLException;

    @Override
    public List<FeedEntry> read(Connection connection, FeedPosition after, long horizon, int limit) throws SQLException {
        String sql = "select xact_id, seq, " + columns() + " from " + table()
                + " where (xact_id, seq) > (?, ?) and xact_id < ? order by xact_id, seq limit ?";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, after.xactId());
            query.setLong(2, after.seq());
            query.setLong(3, horizon);
            query.setInt(4, limit);
            List<FeedEntry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new FeedEntry(new FeedPosition(rows.getLong("xact_id"), rows.getLong("seq")), event(rows)));
                }
            }
            return entries;
        }
    }

    protected static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The stored amount without the column's trailing zeros (0.0123, not 0.01230000). */
    protected static BigDecimal amount(ResultSet row, String column) throws SQLException {
        BigDecimal value = row.getBigDecimal(column);
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
