package dev.goodhart.policy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.goodhart.policy.testing.OwnerSql;

/**
 * The migrations as a deployment runs them: as the owner, for a separate runtime role. Each case migrates a schema of
 * its own in the test database, so the service's schema is untouched.
 */
class RuntimeRoleMigrationTest {

    private static final String SCHEMA = "runtime_role_migration_check";

    @AfterEach
    void dropSchema() {
        OwnerSql.execute("drop schema if exists " + SCHEMA + " cascade");
    }

    /** Migrating before the role exists would apply V2 without its grants, and V2 is never applied again. */
    @Test
    void refusesToMigrateBeforeTheRuntimeRoleExists() {
        FlywayException refused = assertThrows(FlywayException.class, () -> flyway("goodhart_policy_not_created_yet").migrate());

        assertTrue(refused.getMessage().contains("the runtime role goodhart_policy_not_created_yet does not exist yet"),
                refused.getMessage());
        assertEquals(List.of(), tablesBesidesHistory(), "nothing is migrated");
    }

    @Test
    void grantsTheRuntimeRoleAppendingToTheAuditLogButNeverChangingIt() {
        flyway("goodhart_policy_app").migrate();

        assertEquals(List.of("INSERT", "SELECT"), privileges("goodhart_policy_app", "audit_record"));
        assertTrue(privileges("goodhart_policy_app", "agent").contains("UPDATE"), "the registry is the service's to change");
    }

    private static Flyway flyway(String runtimeRole) {
        return Flyway.configure()
                .dataSource(OwnerSql.jdbcUrl(), OwnerSql.owner(), OwnerSql.owner())
                .schemas(SCHEMA)
                .locations("classpath:db/migration")
                .placeholders(Map.of("runtimeRole", runtimeRole))
                .load();
    }

    private static List<String> tablesBesidesHistory() {
        return strings("select table_name from information_schema.tables where table_schema = ?"
                + " and table_name <> 'flyway_schema_history' order by 1", SCHEMA);
    }

    private static List<String> privileges(String role, String table) {
        return strings("select privilege_type from information_schema.role_table_grants"
                + " where grantee = ? and table_schema = ? and table_name = ? order by 1", role, SCHEMA, table);
    }

    private static List<String> strings(String sql, String... parameters) {
        try (Connection connection = DriverManager.getConnection(OwnerSql.jdbcUrl(), OwnerSql.owner(), OwnerSql.owner());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
