package dev.goodhart.scoring.agent;

import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.scoring.detect.Flag;
import dev.goodhart.scoring.detect.FlagView;
import dev.goodhart.scoring.feed.FeedCursor;

/**
 * Agent spend and flags. Agents are not people, so their figures are shown as they are, to policy-service and to
 * policy admins. Spend over a window ending now adds whole hours from the hourly totals to the partial hours at
 * both edges read from the events, so it is exact to the millisecond yet reads at most a few hundred rows. Count-only
 * samples (activity without token counts) are not spend: neither their zeros nor their number count.
 */
@ApplicationScoped
@Transactional
public class AgentService {

    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    private static final String DEFAULT_WINDOW = "P1D";

    private static final String SPEND = """
            select coalesce(sum(events), 0), coalesce(sum(tokens), 0), coalesce(sum(cost_usd), 0) from (
                select events, tokens, cost_usd from agent_hour where agent = ? and hour >= ? and hour < ?
                union all
                select 1, tokens, cost_usd from usage_event
                where agent = ? and occurred_at >= ? and occurred_at < ? and not count_only
                union all
                select 1, tokens, cost_usd from usage_event
                where agent = ? and occurred_at >= ? and occurred_at < ? and not count_only
            ) spend""";

    private static final String SUMMARY = """
            select a.agent, a.events, a.tokens, a.cost_usd, coalesce(f.flags, 0)
            from (select agent, sum(events) as events, sum(tokens) as tokens, sum(cost_usd) as cost_usd
                  from agent_hour where hour >= ? and hour < ? group by agent) a
            left join (select agent, count(*) as flags from flag where agent is not null group by agent) f
                   on f.agent = a.agent
            order by a.agent""";

    private final DataSource dataSource;
    private final Clock clock;

    public AgentService(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public AgentSpend spend(String agentId, String window) {
        Duration length = window(window);
        Instant to = clock.instant();
        Instant from = to.minus(length);
        Instant firstFullHour = from.truncatedTo(ChronoUnit.HOURS).equals(from) ? from
                : from.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant lastFullHourEnd = to.truncatedTo(ChronoUnit.HOURS);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SPEND)) {
            set(select, 1, agentId, firstFullHour, lastFullHourEnd);
            set(select, 4, agentId, from, firstFullHour.isBefore(to) ? firstFullHour : to);
            set(select, 7, agentId, lastFullHourEnd.isAfter(firstFullHour) ? lastFullHourEnd : firstFullHour, to);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return new AgentSpend(agentId, window == null || window.isBlank() ? DEFAULT_WINDOW : window.trim(), from, to,
                        result.getLong(2), result.getBigDecimal(3).setScale(4, RoundingMode.HALF_UP), result.getLong(1),
                        FeedCursor.ingest().lastReceivedAt);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the agent's spend", e);
        }
    }

    public AgentFlags flags(String agentId) {
        return new AgentFlags(agentId, Flag.ofAgent(agentId).stream().map(FlagView::of).toList());
    }

    /** Every agent active in the window, by id, with its flag count. */
    public List<AgentSummary> agents(String window) {
        Instant to = clock.instant();
        Instant from = to.minus(window(window)).truncatedTo(ChronoUnit.HOURS);
        List<AgentSummary> agents = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SUMMARY)) {
            select.setTimestamp(1, Timestamp.from(from));
            select.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    agents.add(new AgentSummary(rows.getString(1), rows.getLong(3),
                            rows.getBigDecimal(4).setScale(4, RoundingMode.HALF_UP), rows.getLong(2), rows.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list agents", e);
        }
        return agents;
    }

    /** An ISO-8601 duration, positive and at most P31D; 400 naming {@code window} otherwise. */
    static Duration window(String window) {
        if (window == null || window.isBlank()) {
            return Duration.parse(DEFAULT_WINDOW);
        }
        try {
            Duration length = Duration.parse(window.trim());
            if (!length.isNegative() && !length.isZero() && length.compareTo(MAX_WINDOW) <= 0) {
                return length;
            }
        } catch (DateTimeParseException e) {
            // answered below, like an out-of-range duration
        }
        throw ProblemException.invalidField("window", "must be an ISO-8601 duration such as P1D or PT6H, above zero and at most P31D");
    }

    private static void set(PreparedStatement statement, int first, String agent, Instant from, Instant to)
            throws SQLException {
        statement.setString(first, agent);
        statement.setTimestamp(first + 1, Timestamp.from(from));
        statement.setTimestamp(first + 2, Timestamp.from(to));
    }
}
