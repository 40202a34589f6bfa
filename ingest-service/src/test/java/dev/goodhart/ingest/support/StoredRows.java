package dev.goodhart.ingest.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/** Looks into the ingest database from tests, to check what was (not) stored. */
@ApplicationScoped
public class StoredRows {

    private final AgroalDataSource dataSource;

    public StoredRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count(String table, String eventId) {
        return number("select count(*) from " + table + " where event_id = ?", eventId);
    }

    /** The whole stored row as one text, to search it for things that must never be stored. */
    public String rowText(String table, String eventId) {
        return text("select t::text from " + table + " t where event_id = ?", eventId);
    }

    public long number(String sql, String parameter) {
        return Long.parseLong(text(sql, parameter));
    }

    public String text(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
