package dev.goodhart.policy.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

import dev.goodhart.policy.cedar.DecisionInput.AgentFacts;
import dev.goodhart.policy.cedar.DecisionInput.Recent;
import dev.goodhart.policy.policy.PolicySetUnavailableException;

/**
 * Reads a {@link DecisionSnapshot} in one round trip. Plain JDBC: this runs on every decision, and one statement
 * instead of four entity lookups is most of what a decision costs the database.
 */
@ApplicationScoped
class DecisionSnapshotReader {

    private static final String QUERY = """
            select (select version from policy_version where active),
                   (select id from policy_shadow where running),
                   a.owner, a.risk_tier, a.team, coalesce(a.suspended, false), a.suspended_by, a.suspended_at,
                   a.suspension_reason, (a.daily_token_budget is not null or a.daily_cost_budget_usd is not null),
                   (select coalesce(sum(allowed), 0) from decision_count where agent = ? and action = ? and minute >= ?),
                   (select coalesce(sum(allowed), 0) from decision_count where agent = ? and action = ? and minute >= ?)
            from (select 1) as one left join agent a on a.id = ?
            """;

    private final AgroalDataSource dataSource;

    DecisionSnapshotReader(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    DecisionSnapshot read(String agentId, String action) throws SQLException {
        Instant now = Instant.now();
        // Minute buckets: the current one and the 59 before it make "the last hour".
        Timestamp hourAgo = Timestamp.from(now.truncatedTo(ChronoUnit.MINUTES).minus(59, ChronoUnit.MINUTES));
        Timestamp midnight = Timestamp.from(LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, agentId);
            statement.setString(2, action);
            statement.setTimestamp(3, hourAgo);
            statement.setString(4, agentId);
            statement.setString(5, action);
            statement.setTimestamp(6, midnight);
            statement.setString(7, agentId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                int activeVersion = row.getInt(1);
                if (row.wasNull()) {
                    throw new PolicySetUnavailableException("No policy set is active", null);
                }
                int shadow = row.getInt(2);
                Integer shadowId = row.wasNull() ? null : shadow;
                String owner = row.getString(3);
                AgentFacts facts = owner == null
                        ? AgentFacts.unregistered(agentId)
                        : new AgentFacts(agentId, true, owner, row.getString(4), row.getString(5));
                boolean suspended = row.getBoolean(6);
                String suspension = suspended ? describeSuspension(agentId, row.getString(7), row.getTimestamp(8),
                        row.getString(9)) : null;
                return new DecisionSnapshot(activeVersion, shadowId, facts, suspended, suspension, row.getBoolean(10),
                        new Recent(row.getLong(11), row.getLong(12)));
            }
        }
    }

    private static String describeSuspension(String agentId, String by, Timestamp at, String reason) {
        return "agent_suspended: " + agentId + " was suspended by " + by + " at " + at.toInstant()
                + (reason == null ? "" : ": " + reason);
    }
}
