package dev.goodhart.ingest.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/** Stored rows as column maps (timestamps as Instants), for sources whose event ids are derived (OTLP, Copilot): found by another column. */
@ApplicationScoped
public class UsageRows {

    private final AgroalDataSource dataSource;

    public UsageRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rows of {@code table} where {@code column} equals {@code value}, in write order. */
    public List<Map<String, Object>> where(String table, String column, String value) {
        String sql = "select *, attributes::text as attributes_text from " + table + " where " + column
                + " = ? order by xact_id, seq";
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int index = 1; index <= meta.getColumnCount(); index++) {
                        Object stored = result.getObject(index);
                        row.put(meta.getColumnLabel(index), stored instanceof Timestamp time ? time.toInstant() : stored);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a token column over the rows where {@code column} equals {@code value}. */
    public long sum(String table, String tokens, String column, String value) {
        return where(table, column, value).stream().mapToLong(row -> ((Number) row.get(tokens)).longValue()).sum();
    }
}
