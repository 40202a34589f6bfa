package dev.goodhart.scoring.feed;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.goodhart.scoring.week.IsoWeeks;

/**
 * The running totals that newly stored events add to: per person, team and ISO week ({@code person_week}), per agent
 * and hour ({@code agent_hour}), and the weeks that need scoring again ({@code scoring_week}). Summed here, per
 * transaction, so that the database receives one upsert per person and week instead of aggregating every event row
 * itself; each statement sends its rows as arrays, sorted by key so that concurrent writers lock rows in one order.
 */
final class FeedTotals {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long SECONDS_PER_HOUR = 3_600;

    private static final String ADD_PERSON_WEEKS = """
            insert into person_week as pw (team, week, person_id, usage_events, tokens, cost_usd, outcomes, accepted,
                                           rejected)
            select * from unnest(?::text[], ?::date[], ?::integer[], ?::bigint[], ?::bigint[], ?::numeric[], ?::bigint[],
                                 ?::bigint[], ?::bigint[])
            on conflict (team, week, person_id) do update
                set usage_events = pw.usage_events + excluded.usage_events,
                    tokens = pw.tokens + excluded.tokens,
                    cost_usd = pw.cost_usd + excluded.cost_usd,
                    outcomes = pw.outcomes + excluded.outcomes,
                    accepted = pw.accepted + excluded.accepted,
                    rejected = pw.rejected + excluded.rejected""";

    private static final String ADD_AGENT_HOURS = """
            insert into agent_hour as ah (agent, hour, events, tokens, cost_usd)
            select agent, to_timestamp(hour), events, tokens, cost_usd
            from unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::numeric[])
                as t (agent, hour, events, tokens, cost_usd)
            on conflict (agent, hour) do update
                set events = ah.events + excluded.events,
                    tokens = ah.tokens + excluded.tokens,
                    cost_usd = ah.cost_usd + excluded.cost_usd""";

    private static final String MARK_WEEKS = """
            insert into scoring_week as sw (week) select unnest(?::date[])
            on conflict (week) do update set dirty_version = sw.dirty_version + 1""";

    private final long linkWindowSeconds;
    private final Map<PersonWeek, Sums> personWeeks = new HashMap<>();
    private final Map<AgentHour, Sums> agentHours = new HashMap<>();
    private final TreeSet<Long> weeks = new TreeSet<>();

    /** @param linkWindowSeconds how far from an outcome the usage it may link lies (weeks to score again) */
    FeedTotals(long linkWindowSeconds) {
        this.linkWindowSeconds = linkWindowSeconds;
    }

    /** Week = the Monday (UTC) of the event's ISO week, as an epoch day; team null counts as ''. */
    private record PersonWeek(String team, long week, int personId) {
    }

    private record AgentHour(String agent, long hourEpochSecond) {
    }

    private static final class Sums {
        long events;
        long tokens;
        BigDecimal cost = BigDecimal.ZERO;
        long outcomes;
        long accepted;
        long rejected;

        void add(long tokens, BigDecimal cost) {
            events++;
            this.tokens += tokens;
            this.cost = this.cost.add(cost);
        }
    }

    /**
     * Adds one stored usage event. {@code cost} is the value as stored (rounded to the column's scale), so that the
     * totals equal sums over the stored rows; a count-only sample is never agent spend.
     */
    void addUsage(long epochSecond, int personId, String team, String agent, long tokens, BigDecimal cost,
            boolean countOnly) {
        long monday = IsoWeeks.mondayEpochDay(epochSecond);
        weeks.add(monday);
        personWeek(team, monday, personId).add(tokens, cost);
        if (agent != null && !countOnly) {
            long hour = Math.floorDiv(epochSecond, SECONDS_PER_HOUR) * SECONDS_PER_HOUR;
            agentHours.computeIfAbsent(new AgentHour(agent, hour), key -> new Sums()).add(tokens, cost);
        }
    }

    /**
     * Adds one stored outcome (or context) event standing for {@code count} outcomes, {@code kind} as stored. It may
     * link usage up to the link window before or after it: every week in that range needs scoring.
     */
    void addOutcome(long epochSecond, Integer personId, String team, String kind, long count) {
        for (long monday = IsoWeeks.mondayEpochDay(epochSecond - linkWindowSeconds); monday * SECONDS_PER_DAY <= epochSecond
                + linkWindowSeconds; monday += 7) {
            weeks.add(monday);
        }
        if (personId == null) {
            return;
        }
        Sums sums = personWeek(team, IsoWeeks.mondayEpochDay(epochSecond), personId);
        if (OutcomeKinds.COUNTED.contains(kind)) {
            sums.outcomes += count;
        }
        if (OutcomeKinds.OUTPUT_ACCEPTED.equals(kind)) {
            sums.accepted += count;
        } else if (OutcomeKinds.OUTPUT_REJECTED.equals(kind)) {
            sums.rejected += count;
        }
    }

    private Sums personWeek(String team, long monday, int personId) {
        return personWeeks.computeIfAbsent(new PersonWeek(team == null ? "" : team, monday, personId),
                key -> new Sums());
    }

    /** Adds the totals to the stored ones and marks their weeks for scoring. */
    void store(Connection connection) throws SQLException {
        if (weeks.isEmpty()) {
            return;
        }
        if (!personWeeks.isEmpty()) {
            storePersonWeeks(connection);
        }
        storeAgentHours(connection);
        try (PreparedStatement mark = connection.prepareStatement(MARK_WEEKS)) {
            mark.setArray(1, connection.createArrayOf("text", weeks.stream().map(FeedTotals::date).toArray()));
            mark.executeUpdate();
        }
    }

    private void storePersonWeeks(Connection connection) throws SQLException {
        List<Map.Entry<PersonWeek, Sums>> rows = new ArrayList<>(personWeeks.entrySet());
        rows.sort(Map.Entry.comparingByKey(Comparator.comparing(PersonWeek::team).thenComparingLong(PersonWeek::week)
                .thenComparingInt(PersonWeek::personId)));
        int size = rows.size();
        String[] teams = new String[size];
        String[] weekDates = new String[size];
        Integer[] personIds = new Integer[size];
        Long[] events = new Long[size];
        Long[] tokens = new Long[size];
        String[] costs = new String[size];
        Long[] outcomes = new Long[size];
        Long[] accepted = new Long[size];
        Long[] rejected = new Long[size];
        for (int i = 0; i < size; i++) {
            PersonWeek key = rows.get(i).getKey();
            Sums sums = rows.get(i).getValue();
            teams[i] = key.team();
            weekDates[i] = date(key.week());
            personIds[i] = key.personId();
            events[i] = sums.events;
            tokens[i] = sums.tokens;
            costs[i] = sums.cost.toPlainString();
            outcomes[i] = sums.outcomes;
            accepted[i] = sums.accepted;
            rejected[i] = sums.rejected;
        }
        try (PreparedStatement add = connection.prepareStatement(ADD_PERSON_WEEKS)) {
            add.setArray(1, connection.createArrayOf("text", teams));
            add.setArray(2, connection.createArrayOf("text", weekDates));
            add.setArray(3, connection.createArrayOf("int4", personIds));
            add.setArray(4, connection.createArrayOf("int8", events));
            add.setArray(5, connection.createArrayOf("int8", tokens));
            add.setArray(6, connection.createArrayOf("text", costs));
            add.setArray(7, connection.createArrayOf("int8", outcomes));
            add.setArray(8, connection.createArrayOf("int8", accepted));
            add.setArray(9, connection.createArrayOf("int8", rejected));
            add.executeUpdate();
        }
    }

    private void storeAgentHours(Connection connection) throws SQLException {
        if (agentHours.isEmpty()) {
            return;
        }
        List<Map.Entry<AgentHour, Sums>> rows = new ArrayList<>(agentHours.entrySet());
        rows.sort(Map.Entry.comparingByKey(Comparator.comparing(AgentHour::agent)
                .thenComparingLong(AgentHour::hourEpochSecond)));
        int size = rows.size();
        String[] agents = new String[size];
        Long[] hours = new Long[size];
        Long[] events = new Long[size];
        Long[] tokens = new Long[size];
        String[] costs = new String[size];
        for (int i = 0; i < size; i++) {
            AgentHour key = rows.get(i).getKey();
            Sums sums = rows.get(i).getValue();
            agents[i] = key.agent();
            hours[i] = key.hourEpochSecond();
            events[i] = sums.events;
            tokens[i] = sums.tokens;
            costs[i] = sums.cost.toPlainString();
        }
        try (PreparedStatement add = connection.prepareStatement(ADD_AGENT_HOURS)) {
            add.setArray(1, connection.createArrayOf("text", agents));
            add.setArray(2, connection.createArrayOf("int8", hours));
            add.setArray(3, connection.createArrayOf("int8", events));
            add.setArray(4, connection.createArrayOf("int8", tokens));
            add.setArray(5, connection.createArrayOf("text", costs));
            add.executeUpdate();
        }
    }

    private static String date(long epochDay) {
        return java.time.LocalDate.ofEpochDay(epochDay).toString();
    }
}
