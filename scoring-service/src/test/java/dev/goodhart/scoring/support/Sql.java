package dev.goodhart.scoring.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Direct reads and writes of the scoring database, for checks the HTTP API deliberately does not offer. */
public final class Sql {

    private Sql() {
    }

    public static long number(DataSource dataSource, String query, Object... parameters) {
        return single(dataSource, query, result -> result.getLong(1), parameters);
    }

    public static String text(DataSource dataSource, String query, Object... parameters) {
        return single(dataSource, query, result -> result.getString(1), parameters);
    }

    public static BigDecimal decimal(DataSource dataSource, String query, Object... parameters) {
        return single(dataSource, query, result -> result.getBigDecimal(1), parameters);
    }

    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet result) throws SQLException;
    }

    /** The first column of the query's first row. */
    private static <T> T single(DataSource dataSource, String query, Column<T> column, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return column.read(result);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void update(DataSource dataSource, String statement, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setObject(i + 1, parameters[i]);
            }
            prepared.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
