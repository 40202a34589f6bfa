package dev.goodhart.scoring.scorecard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The organisation's weekly totals, precomputed so that its scorecard reads one row per week instead of every
 * person's rows (5,000 people over the seven weeks a four-week scorecard needs are 35,000 rows to aggregate).
 *
 * <p>A stored week is <em>current</em> while its {@code scoring_week.dirty_version} and the feed's directory version
 * are those it was computed at: FeedApplier bumps one of them in the transaction that changes a week's totals or the
 * directory, and a scoring run recomputes, in its own transaction, every week whose totals it changed. Scorecards use
 * current rows and compute the other weeks as before, so an answer never depends on when the rows were refreshed;
 * the feed consumer refreshes stale rows after each catch-up, so they are rarely needed.
 *
 * <p>Refreshes are serialised by one transaction-scoped advisory lock and compute from a snapshot taken after it: of
 * two transactions that changed a week, the later to commit recomputes it last, having seen the other's changes.
 * Plain SQL rather than entities: one insert-select computes, labels and stores every stale week in the database.
 */
@ApplicationScoped
@Transactional
public class OrgWeeks {

    /** The advisory lock of refreshes (the two-key form; scoring runs lock weeks in namespace 0x5c0e). */
    private static final int LOCK_NAMESPACE = 0x5c0f;

    private static final String REFRESH = """
            insert into org_week as o (%1$s, dirty_version, directory_version, computed_at)
            select w.week, coalesce(g.seen_outside_directory, 0), coalesce(g.ai_users, 0), coalesce(g.meaningful_users, 0),
                   coalesce(g.outcome_people, 0), coalesce(g.reviewing_people, 0), coalesce(g.tokens, 0),
                   coalesce(g.cost_usd, 0), coalesce(g.outcomes, 0), coalesce(g.linked_outcomes, 0),
                   coalesce(g.call_linked_outcomes, 0), coalesce(g.accepted, 0), coalesce(g.rejected, 0),
                   coalesce(g.flagged_tokens, 0), w.dirty_version, c.directory_version, now()
            from scoring_week w
            join feed_cursor c on c.feed = 'ingest'
            left join (%2$s) g (%1$s) on g.week = w.week
            where w.week = any(?::date[])
            on conflict (week) do update set
                dirty_version = excluded.dirty_version, directory_version = excluded.directory_version,
                seen_outside_directory = excluded.seen_outside_directory, ai_users = excluded.ai_users,
                meaningful_users = excluded.meaningful_users, outcome_people = excluded.outcome_people,
                reviewing_people = excluded.reviewing_people, tokens = excluded.tokens, cost_usd = excluded.cost_usd,
                outcomes = excluded.outcomes, linked_outcomes = excluded.linked_outcomes,
                call_linked_outcomes = excluded.call_linked_outcomes, accepted = excluded.accepted,
                rejected = excluded.rejected, flagged_tokens = excluded.flagged_tokens, computed_at = excluded.computed_at"""
            .formatted(GroupTotals.COLUMNS, GroupTotals.ORG);

    private static final String STALE = """
            select w.week from scoring_week w
            join feed_cursor c on c.feed = 'ingest'
            left join org_week o on o.week = w.week
            where o.week is null or o.dirty_version <> w.dirty_version or o.directory_version <> c.directory_version""";

    private static final String CURRENT = """
            select %s from org_week o
            join scoring_week w on w.week = o.week and w.dirty_version = o.dirty_version
            join feed_cursor c on c.feed = 'ingest' and c.directory_version = o.directory_version
            where o.week between ? and ?""".formatted(prefixed());

    private final DataSource dataSource;

    public OrgWeeks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Recomputes every stale week; returns how many. */
    public int refreshStale() {
        try (Connection connection = dataSource.getConnection()) {
            lock(connection);
            List<LocalDate> stale = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(STALE); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stale.add(rows.getObject(1, LocalDate.class));
                }
            }
            store(connection, stale);
            return stale.size();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not refresh the organisation's weekly totals", e);
        }
    }

    /**
     * Recomputes {@code weeks} within the caller's transaction (the connection must be enlisted in it), after the
     * caller has changed their totals: the lock is held until the caller commits.
     */
    public static void refresh(Connection connection, Collection<LocalDate> weeks) throws SQLException {
        lock(connection);
        store(connection, weeks);
    }

    /** The current rows among the weeks {@code first} to {@code last}. */
    static Map<LocalDate, GroupWeek> current(Connection connection, LocalDate first, LocalDate last) throws SQLException {
        Map<LocalDate, GroupWeek> weeks = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(CURRENT)) {
            select.setObject(1, first);
            select.setObject(2, last);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    GroupWeek week = GroupTotals.read(rows, 1);
                    weeks.put(week.week(), week);
                }
            }
        }
        return weeks;
    }

    private static void store(Connection connection, Collection<LocalDate> weeks) throws SQLException {
        if (weeks.isEmpty()) {
            return;
        }
        try (PreparedStatement refresh = connection.prepareStatement(REFRESH)) {
            Array mondays = connection.createArrayOf("date", weeks.toArray());
            refresh.setArray(1, mondays);
            refresh.setArray(2, mondays);
            refresh.setArray(3, mondays);
            refresh.executeUpdate();
        }
    }

    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, 0)")) {
            lock.setInt(1, LOCK_NAMESPACE);
            lock.execute();
        }
    }

    private static String prefixed() {
        return "o." + GroupTotals.COLUMNS.replace(", ", ", o.");
    }
}
