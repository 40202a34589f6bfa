package dev.goodhart.policy.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import dev.goodhart.common.testing.TestStack;

/**
 * SQL as the database owner, outside the service: to do what the service itself must not be able to do (tamper with
 * the audit log, take away its privileges, move an approval's expiry into the past).
 */
public final class OwnerSql {

    private static final String OWNER = "goodhart_policy";

    private OwnerSql() {
    }

    /** Runs statements in one transaction. */
    public static void script(String... statements) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            for (String sql : statements) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.execute();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static int execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The owner's role name, which is also its password in tests. */
    public static String owner() {
        return OWNER;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + TestStack.postgresPort() + "/goodhart_policy";
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), OWNER, OWNER);
    }
}
