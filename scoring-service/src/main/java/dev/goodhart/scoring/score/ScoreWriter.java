package dev.goodhart.scoring.score;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.detect.FlagDraft;
import dev.goodhart.scoring.feed.OutcomeKinds;
import dev.goodhart.scoring.scorecard.OrgWeeks;
import dev.goodhart.scoring.week.IsoWeeks;

/**
 * Stores what one scoring run found for a week, in one transaction: outcomes linked for the first time (added to the
 * weekly totals, as many as each stands for), each person's linked and flagged usage, the week's flags (a flag keeps
 * its id and first detection time across runs; flags no longer raised disappear), the organisation's totals of every
 * week whose totals changed, and the week's scoring state.
 */
@ApplicationScoped
@Transactional
public class ScoreWriter {

    private static final String LINK_OUTCOMES = """
            insert into outcome_link (outcome_id, by_call) select * from unnest(?::bigint[], ?::boolean[])
            on conflict do nothing returning outcome_id, by_call""";

    /** Outcomes so far linked by count-only samples only, that a call now links too. */
    private static final String LINK_BY_CALLS = """
            update outcome_link set by_call = true where outcome_id = any(?::bigint[]) and not by_call
            returning outcome_id""";

    private static final String ADD_LINKED_OUTCOMES = """
            insert into person_week as pw (team, week, person_id, linked_outcomes, call_linked_outcomes)
            select * from unnest(?::text[], ?::date[], ?::integer[], ?::bigint[], ?::bigint[])
            on conflict (team, week, person_id) do update
                set linked_outcomes = pw.linked_outcomes + excluded.linked_outcomes,
                    call_linked_outcomes = pw.call_linked_outcomes + excluded.call_linked_outcomes""";

    private static final String UPSERT_FLAG = """
            insert into flag (id, detector, week, person_id, agent, team, window_from, window_to, detected_at, events,
                              tokens, summary, evidence)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            on conflict (id) do update set person_id = excluded.person_id, agent = excluded.agent, team = excluded.team,
                window_from = excluded.window_from, window_to = excluded.window_to, events = excluded.events,
                tokens = excluded.tokens, summary = excluded.summary, evidence = excluded.evidence""";

    /** The advisory-lock namespace of scoring runs (the first key of the two-key form). */
    private static final int WEEK_LOCKS = 0x5c0e;

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final ScoringWeeks weeks;
    private final int examples;

    public ScoreWriter(DataSource dataSource, ObjectMapper json, ScoringWeeks weeks, ScoringConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.weeks = weeks;
        this.examples = config.detectors().examples();
    }

    void write(WeekActivity week, Outcomes outcomes, Linker.Links links, List<FlagDraft> flags, long seenVersion,
            boolean settled) {
        try (Connection connection = dataSource.getConnection()) {
            serialise(connection, week.week());
            Set<LocalDate> changedWeeks = new TreeSet<>(linkOutcomes(connection, outcomes, links));
            writePersonScores(connection, week, flags);
            changedWeeks.add(week.week());
            if (settled) {
                writeFlags(connection, week, flags);
            }
            OrgWeeks.refresh(connection, changedWeeks);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the scores of the week of " + week.week(), e);
        }
        weeks.scored(week.week(), seenVersion, settled);
    }

    /**
     * Replicas that score the same week at once take turns here (a transaction-scoped advisory lock per week): each
     * run replaces the week's scores whole, so the later one simply wins.
     */
    private static void serialise(Connection connection, LocalDate week) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, WEEK_LOCKS);
            lock.setInt(2, (int) week.toEpochDay());
            lock.execute();
        }
    }

    /**
     * Records the links. Each counted outcome's first link adds its count to its own week's linked_outcomes, and its
     * first link by a call to call_linked_outcomes. Returns the weeks whose totals changed.
     */
    private static Set<LocalDate> linkOutcomes(Connection connection, Outcomes outcomes, Linker.Links links)
            throws SQLException {
        if (links.outcomes().isEmpty()) {
            return Set.of();
        }
        // Rows in ascending order: runs of neighbouring weeks that link the same outcomes lock them in the same order.
        Map<Long, Integer> byRow = new TreeMap<>();
        links.outcomes().forEach(outcome -> byRow.put(outcomes.rowIds[outcome], outcome));
        Map<PersonWeek, long[]> added = new TreeMap<>();
        try (PreparedStatement link = connection.prepareStatement(LINK_OUTCOMES)) {
            link.setArray(1, connection.createArrayOf("bigint", byRow.keySet().toArray()));
            link.setArray(2, connection.createArrayOf("boolean",
                    byRow.values().stream().map(outcome -> links.byCalls().get(outcome)).toArray()));
            try (ResultSet rows = link.executeQuery()) {
                while (rows.next()) {
                    credit(added, outcomes, byRow.get(rows.getLong(1)), true, rows.getBoolean(2));
                }
            }
        }
        Object[] linkedByCalls = byRow.entrySet().stream().filter(row -> links.byCalls().get(row.getValue()))
                .map(Map.Entry::getKey).toArray();
        if (linkedByCalls.length > 0) {
            try (PreparedStatement upgrade = connection.prepareStatement(LINK_BY_CALLS)) {
                upgrade.setArray(1, connection.createArrayOf("bigint", linkedByCalls));
                try (ResultSet rows = upgrade.executeQuery()) {
                    while (rows.next()) {
                        credit(added, outcomes, byRow.get(rows.getLong(1)), false, true);
                    }
                }
            }
        }
        if (added.isEmpty()) {
            return Set.of();
        }
        List<String> teams = new ArrayList<>();
        List<LocalDate> weeks = new ArrayList<>();
        List<Integer> people = new ArrayList<>();
        List<Long> linkedCounts = new ArrayList<>();
        List<Long> callLinkedCounts = new ArrayList<>();
        added.forEach((key, counts) -> {
            teams.add(key.team());
            weeks.add(key.week());
            people.add(key.personId());
            linkedCounts.add(counts[0]);
            callLinkedCounts.add(counts[1]);
        });
        try (PreparedStatement add = connection.prepareStatement(ADD_LINKED_OUTCOMES)) {
            add.setArray(1, connection.createArrayOf("text", teams.toArray()));
            add.setArray(2, connection.createArrayOf("date", weeks.toArray()));
            add.setArray(3, connection.createArrayOf("integer", people.toArray()));
            add.setArray(4, connection.createArrayOf("bigint", linkedCounts.toArray()));
            add.setArray(5, connection.createArrayOf("bigint", callLinkedCounts.toArray()));
            add.executeUpdate();
        }
        return new TreeSet<>(weeks);
    }

    /** Adds a counted outcome's count to its person's week: as linked for the first time, as linked by a call, or both. */
    private static void credit(Map<PersonWeek, long[]> added, Outcomes outcomes, int outcome, boolean linked,
            boolean byCall) {
        if (outcomes.personIds[outcome] == Outcomes.NO_PERSON || !OutcomeKinds.COUNTED.contains(outcomes.kinds[outcome])) {
            return;
        }
        LocalDate week = IsoWeeks.monday(Instant.ofEpochMilli(outcomes.times[outcome]));
        long[] counts = added.computeIfAbsent(new PersonWeek(outcomes.teams[outcome], week, outcomes.personIds[outcome]),
                key -> new long[2]);
        counts[0] += linked ? outcomes.counts[outcome] : 0;
        counts[1] += byCall ? outcomes.counts[outcome] : 0;
    }

    /** Linked and flagged usage per person and team; replaces the week's previous run. */
    private static void writePersonScores(Connection connection, WeekActivity week, List<FlagDraft> flags)
            throws SQLException {
        BitSet flagged = new BitSet(week.size());
        flags.forEach(flag -> {
            for (int event : flag.events()) {
                flagged.set(event);
            }
        });
        Map<PersonWeek, long[]> totals = new LinkedHashMap<>();
        for (int event = 0; event < week.size(); event++) {
            long[] sums = totals.computeIfAbsent(new PersonWeek(week.team(event), week.week(), week.personIdOf(event)),
                    key -> new long[3]);
            if (week.linked(event)) {
                sums[0]++;
                sums[1] += week.tokens(event);
            }
            if (flagged.get(event)) {
                sums[2] += week.tokens(event);
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("delete from person_week_score where week = ?")) {
            delete.setObject(1, week.week());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into person_week_score "
                + "(team, week, person_id, linked_events, linked_tokens, flagged_tokens) values (?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (Map.Entry<PersonWeek, long[]> entry : totals.entrySet()) {
                insert.setString(1, entry.getKey().team());
                insert.setObject(2, entry.getKey().week());
                insert.setInt(3, entry.getKey().personId());
                insert.setLong(4, entry.getValue()[0]);
                insert.setLong(5, entry.getValue()[1]);
                insert.setLong(6, entry.getValue()[2]);
                insert.addBatch();
                if (++batched % 1_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private void writeFlags(Connection connection, WeekActivity week, List<FlagDraft> flags) throws SQLException {
        Map<Long, String> eventIds = exampleEventIds(connection, week, flags);
        Instant now = Instant.now();
        List<UUID> kept = new ArrayList<>();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_FLAG)) {
            for (FlagDraft flag : flags) {
                UUID id = flagId(flag, week.week());
                kept.add(id);
                Map<String, Object> evidence = new LinkedHashMap<>(flag.evidence());
                evidence.put("exampleEventIds", examples(week, flag).stream().map(eventIds::get).filter(Objects::nonNull).toList());
                long tokens = 0;
                for (int event : flag.events()) {
                    tokens += week.tokens(event);
                }
                upsert.setObject(1, id);
                upsert.setString(2, flag.detector());
                upsert.setObject(3, week.week());
                upsert.setObject(4, flag.personId());
                upsert.setString(5, flag.agent());
                upsert.setString(6, mainTeam(week, flag));
                upsert.setTimestamp(7, Timestamp.from(flag.from()));
                upsert.setTimestamp(8, Timestamp.from(flag.to()));
                upsert.setTimestamp(9, Timestamp.from(now));
                upsert.setInt(10, flag.events().length);
                upsert.setLong(11, tokens);
                upsert.setString(12, flag.summary());
                upsert.setString(13, toJson(evidence));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        try (PreparedStatement stale = connection.prepareStatement("delete from flag where week = ? and id <> all(?)")) {
            stale.setObject(1, week.week());
            stale.setArray(2, connection.createArrayOf("uuid", kept.toArray()));
            stale.executeUpdate();
        }
    }

    /**
     * The event ids of the examples, looked up by the physical addresses the week was loaded with. usage_event rows
     * are never updated or deleted in place, so an address still names its row; the week's time range guards against
     * a table rewritten meanwhile (VACUUM FULL), which would at worst leave an example out.
     */
    private Map<Long, String> exampleEventIds(Connection connection, WeekActivity week, List<FlagDraft> flags)
            throws SQLException {
        Set<Long> rows = new HashSet<>();
        flags.forEach(flag -> rows.addAll(examples(week, flag)));
        Map<Long, String> ids = new HashMap<>();
        if (rows.isEmpty()) {
            return ids;
        }
        try (PreparedStatement select = connection.prepareStatement("select ctid::text, event_id from usage_event"
                + " where ctid = any(?::tid[]) and occurred_at >= ? and occurred_at < ?")) {
            select.setArray(1, connection.createArrayOf("text", rows.stream()
                    .map(row -> "(" + (row >>> 16) + "," + (row & 0xffff) + ")").toArray()));
            select.setTimestamp(2, Timestamp.from(week.from()));
            select.setTimestamp(3, Timestamp.from(week.to()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    String[] address = result.getString(1).replaceAll("[()]", "").split(",");
                    ids.put(Long.parseLong(address[0]) << 16 | Long.parseLong(address[1]), result.getString(2));
                }
            }
        }
        return ids;
    }

    /** Row addresses of the first few covered events, in time order. */
    private List<Long> examples(WeekActivity week, FlagDraft flag) {
        return Arrays.stream(flag.events()).boxed()
                .sorted((a, b) -> Long.compare(week.time(a), week.time(b)))
                .limit(examples).map(week::rowId).toList();
    }

    /** The team with most of the flagged tokens; null when the events named none. */
    private static String mainTeam(WeekActivity week, FlagDraft flag) {
        Map<String, Long> tokens = new HashMap<>();
        for (int event : flag.events()) {
            tokens.merge(week.team(event), week.tokens(event), Long::sum);
        }
        return tokens.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).filter(team -> !team.isEmpty()).orElse(null);
    }

    /** The key of the weekly per-person rows (team '' when events named none), in primary-key order. */
    private record PersonWeek(String team, LocalDate week, int personId) implements Comparable<PersonWeek> {

        private static final Comparator<PersonWeek> ORDER = Comparator.comparing(PersonWeek::team)
                .thenComparing(PersonWeek::week).thenComparingInt(PersonWeek::personId);

        @Override
        public int compareTo(PersonWeek other) {
            return ORDER.compare(this, other);
        }
    }

    /** Stable across runs: one flag per detector, week and subject. */
    static UUID flagId(FlagDraft flag, LocalDate week) {
        String subject = flag.agent() != null ? "agent:" + flag.agent() : "person:" + flag.personId();
        return UUID.nameUUIDFromBytes((flag.detector() + "|" + week + "|" + subject).getBytes(StandardCharsets.UTF_8));
    }

    private String toJson(Map<String, Object> evidence) {
        try {
            return json.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Evidence is not serialisable", e);
        }
    }
}
