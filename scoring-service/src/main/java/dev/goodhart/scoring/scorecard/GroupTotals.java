package dev.goodhart.scoring.scorecard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A group's raw weekly totals (a team's, or the organisation's) summed from the weekly per-person rows and what
 * scoring found, before any privacy rule. The same query serves a team's scorecard, the organisation's weeks that
 * {@link OrgWeeks} has not precomputed yet, and the precomputation itself.
 *
 * <p>People are counted distinctly: a person active in several teams is one person of the organisation. The weekly
 * totals and what scoring found are aggregated apart and joined per week only (no join of the two per-person tables,
 * which doubled the organisation's query on 5,000 people). Summing each person's rows first and counting people
 * second was tried and is slower: the per-person hash aggregation of numeric costs spills to disk.
 */
final class GroupTotals {

    /** {@code %1$s}: the team condition of membership; {@code %2$s}: the team condition of the per-person rows. */
    private static final String TOTALS = """
            select t.week, t.seen_outside_directory, t.ai_users, coalesce(s.meaningful_users, 0), t.outcome_people,
                   t.reviewing_people, t.tokens, t.cost_usd, t.outcomes, t.linked_outcomes, t.call_linked_outcomes,
                   t.accepted, t.rejected, coalesce(s.flagged_tokens, 0)
            from (select pw.week,
                         count(distinct pw.person_id) filter (where m.id is null) as seen_outside_directory,
                         count(distinct pw.person_id) filter (where pw.usage_events > 0) as ai_users,
                         count(distinct pw.person_id) filter (where pw.outcomes > 0) as outcome_people,
                         count(distinct pw.person_id) filter (where pw.accepted + pw.rejected > 0) as reviewing_people,
                         sum(pw.tokens) as tokens, sum(pw.cost_usd) as cost_usd, sum(pw.outcomes) as outcomes,
                         sum(pw.linked_outcomes) as linked_outcomes, sum(pw.call_linked_outcomes) as call_linked_outcomes,
                         sum(pw.accepted) as accepted, sum(pw.rejected) as rejected
                  from person_week pw
                  left join person m on m.id = pw.person_id and m.in_directory and m.active %1$s
                  where pw.week = any(?::date[]) %2$s
                  group by pw.week) t
            left join (select week, count(distinct person_id) filter (where linked_events > 0) as meaningful_users,
                              sum(flagged_tokens) as flagged_tokens
                       from person_week_score where week = any(?::date[]) %2$s
                       group by week) s on s.week = t.week""";

    /** The organisation's totals: every person, members being the active directory entries. */
    static final String ORG = String.format(TOTALS, "", "");
    /** The columns of {@link #ORG}'s rows, for queries that select from it. */
    static final String COLUMNS = "week, seen_outside_directory, ai_users, meaningful_users, outcome_people, "
            + "reviewing_people, tokens, cost_usd, outcomes, linked_outcomes, call_linked_outcomes, accepted, rejected, "
            + "flagged_tokens";

    private static final String TEAM = String.format(TOTALS, "and m.teams @> array[?]::text[]", "and team = ?");

    private GroupTotals() {
    }

    /** The totals of {@code weeks} computed now; null {@code team} means the organisation. Weeks without rows are absent. */
    static Map<LocalDate, GroupWeek> compute(Connection connection, String team, Collection<LocalDate> weeks)
            throws SQLException {
        Map<LocalDate, GroupWeek> totals = new HashMap<>();
        if (weeks.isEmpty()) {
            return totals;
        }
        try (PreparedStatement select = connection.prepareStatement(team == null ? ORG : TEAM)) {
            Array mondays = connection.createArrayOf("date", weeks.toArray());
            int parameter = 1;
            if (team != null) {
                select.setString(parameter++, team);
            }
            select.setArray(parameter++, mondays);
            if (team != null) {
                select.setString(parameter++, team);
            }
            select.setArray(parameter++, mondays);
            if (team != null) {
                select.setString(parameter, team);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    GroupWeek week = read(rows, 1);
                    totals.put(week.week(), week);
                }
            }
        }
        return totals;
    }

    /** A row laid out like {@link #COLUMNS}, from column {@code first} on. */
    static GroupWeek read(ResultSet row, int first) throws SQLException {
        int column = first;
        return new GroupWeek(row.getObject(column++, LocalDate.class), row.getInt(column++), row.getInt(column++),
                row.getInt(column++), row.getInt(column++), row.getInt(column++), row.getLong(column++),
                row.getBigDecimal(column++), row.getLong(column++), row.getLong(column++), row.getLong(column++),
                row.getLong(column++), row.getLong(column++), row.getLong(column));
    }
}
