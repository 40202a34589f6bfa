package dev.goodhart.scoring.scorecard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.feed.FeedCursor;
import dev.goodhart.scoring.week.IsoWeeks;

/**
 * Team and organisation scorecards under the privacy rules: every figure is an aggregate over at least k distinct
 * people (k = {@code goodhart.scoring.privacy.min-group-size}); a smaller group, or a metric computed over fewer
 * people, comes back withheld with the reason. Nothing here ever returns or orders individuals. Reads only weekly
 * totals (see {@link GroupTotals}), never events: a team's answer costs its members' rows, the organisation's a row per
 * week.
 */
@ApplicationScoped
@Transactional
public class ScorecardService {

    public static final int DEFAULT_WEEKS = 4;
    /** The Goodhart index compares the last two weeks with the two before them. */
    private static final int INDEX_WEEKS = 4;

    private static final String TEAM_MEMBERS = "select id from person where in_directory and active and teams @> array[?]::text[]";
    private static final String ORG_MEMBERS = "select id from person where in_directory and active";

    private final DataSource dataSource;
    private final Clock clock;
    private final int k;

    public ScorecardService(DataSource dataSource, Clock clock, ScoringConfig config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.k = config.privacy().minGroupSize();
    }

    public Scorecard team(String team, String until, String weeks) {
        List<LocalDate> mondays = IsoWeeks.range(until, weeks, DEFAULT_WEEKS, clock);
        try (Connection connection = dataSource.getConnection()) {
            if (!teamExists(connection, team)) {
                throw ProblemException.notFound("No team named '" + team + "' is known from the directory or from events");
            }
            return scorecard(connection, team, mondays);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the scorecard", e);
        }
    }

    public Scorecard org(String until, String weeks) {
        List<LocalDate> mondays = IsoWeeks.range(until, weeks, DEFAULT_WEEKS, clock);
        try (Connection connection = dataSource.getConnection()) {
            return scorecard(connection, null, mondays);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the scorecard", e);
        }
    }

    private Scorecard scorecard(Connection connection, String team, List<LocalDate> mondays) throws SQLException {
        LocalDate first = mondays.get(0).minusWeeks(INDEX_WEEKS - 1L);
        LocalDate last = mondays.get(mondays.size() - 1);
        int members = members(connection, team);
        // Only weeks with a scoring_week row have events (every event marks its week), so only they are summed.
        Map<LocalDate, Boolean> settled = settled(connection, first, last);
        Map<LocalDate, GroupWeek> totals = totals(connection, team, first, last, settled.keySet());
        Map<LocalDate, FlagTally> flags = flags(connection, team, first, last);
        GroupRules rules = new GroupRules(k, members);
        List<WeekScorecard> weeks = new ArrayList<>();
        for (LocalDate monday : mondays) {
            List<GroupWeek> indexWeeks = new ArrayList<>();
            for (int back = INDEX_WEEKS - 1; back >= 0; back--) {
                LocalDate week = monday.minusWeeks(back);
                indexWeeks.add(totals.getOrDefault(week, GroupWeek.empty(week)));
            }
            weeks.add(rules.week(totals.getOrDefault(monday, GroupWeek.empty(monday)), indexWeeks,
                    settled.getOrDefault(monday, false), flags.getOrDefault(monday, new FlagTally())));
        }
        FeedCursor cursor = FeedCursor.ingest();
        return new Scorecard(team, k, cursor.lastReceivedAt, weeks);
    }

    private static boolean teamExists(Connection connection, String team) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select exists (select 1 from person_week where team = ?)"
                + " or exists (select 1 from person where in_directory and teams @> array[?]::text[])")) {
            select.setString(1, team);
            select.setString(2, team);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return !team.isEmpty() && result.getBoolean(1);
            }
        }
    }

    private static int members(Connection connection, String team) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select count(*) from (" + (team == null ? ORG_MEMBERS : TEAM_MEMBERS) + ") m")) {
            if (team != null) {
                select.setString(1, team);
            }
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /**
     * A team's weeks are summed from the per-person rows; the organisation's come precomputed (see {@link OrgWeeks}),
     * and only weeks whose stored totals are not current are summed now.
     */
    private static Map<LocalDate, GroupWeek> totals(Connection connection, String team, LocalDate first, LocalDate last,
            Set<LocalDate> weeksWithEvents) throws SQLException {
        if (team != null) {
            return GroupTotals.compute(connection, team, weeksWithEvents);
        }
        Map<LocalDate, GroupWeek> totals = OrgWeeks.current(connection, first, last);
        Set<LocalDate> missing = new TreeSet<>(weeksWithEvents);
        missing.removeAll(totals.keySet());
        totals.putAll(GroupTotals.compute(connection, null, missing));
        return totals;
    }

    private static Map<LocalDate, Boolean> settled(Connection connection, LocalDate first, LocalDate last)
            throws SQLException {
        Map<LocalDate, Boolean> settled = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select week, settled from scoring_week where week between ? and ?")) {
            select.setObject(1, first);
            select.setObject(2, last);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    settled.put(rows.getObject(1, LocalDate.class), rows.getBoolean(2));
                }
            }
        }
        return settled;
    }

    private static Map<LocalDate, FlagTally> flags(Connection connection, String team, LocalDate first, LocalDate last)
            throws SQLException {
        Map<LocalDate, FlagTally> flags = new HashMap<>();
        String where = " from flag where " + (team == null ? "" : "team = ? and ") + "week between ? and ? group by ";
        try (PreparedStatement select = connection.prepareStatement("select week, detector, count(*)" + where + "week, detector")) {
            bindGroup(select, team, first, last);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    flags.computeIfAbsent(rows.getObject(1, LocalDate.class), week -> new FlagTally()).byDetector
                            .put(rows.getString(2), rows.getInt(3));
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement("select week,"
                + " count(distinct person_id) filter (where agent is null), count(distinct agent)" + where + "week")) {
            bindGroup(select, team, first, last);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    FlagTally tally = flags.computeIfAbsent(rows.getObject(1, LocalDate.class), week -> new FlagTally());
                    tally.people = rows.getInt(2);
                    tally.agents = rows.getInt(3);
                }
            }
        }
        return flags;
    }

    private static void bindGroup(PreparedStatement select, String team, LocalDate first, LocalDate last)
            throws SQLException {
        int parameter = 1;
        if (team != null) {
            select.setString(parameter++, team);
        }
        select.setObject(parameter++, first);
        select.setObject(parameter, last);
    }

    /** A week's flags, counted: by detector, distinct people (own activity) and distinct agents. */
    static final class FlagTally {
        final Map<String, Integer> byDetector = new TreeMap<>();
        int people;
        int agents;
    }

    static BigDecimal money(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_UP);
    }
}
