package dev.goodhart.scoring.score;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.feed.LinkKeys;
import dev.goodhart.scoring.feed.OutcomeKinds;

/**
 * Reads one week of usage, and the outcome and context events within the link window around it, into columns. Binary
 * COPY rather than entities or result sets: a week of a large organisation is millions of rows (see
 * {@link BinaryCopyReader}).
 */
@ApplicationScoped
@Transactional
public class WeekLoader {

    private static final String USAGE = """
            select ctid, occurred_at, person_id, coalesce(team, ''), agent, trigger, tokens, session_key, task_key,
                   trace_key, artifact_kind, artifact_ref, prompt_fingerprint, count_only
            from usage_event where occurred_at >= timestamptz '%s' and occurred_at < timestamptz '%s'""";

    private static final String OUTCOMES = """
            select id, occurred_at, person_id, coalesce(team, ''), kind, ref, session_key, task_key, trace_key, count
            from outcome_event where occurred_at >= timestamptz '%s' and occurred_at < timestamptz '%s'""";

    private final DataSource dataSource;
    private final long linkWindowMillis;

    public WeekLoader(DataSource dataSource, ScoringConfig config) {
        this.dataSource = dataSource;
        this.linkWindowMillis = config.linking().window().toMillis();
    }

    /** The week starting on Monday {@code week} (UTC) and what surrounds it. */
    LoadedWeek load(LocalDate week) {
        Instant from = week.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plus(7, ChronoUnit.DAYS);
        WeekActivity.Columns usage = new WeekActivity.Columns();
        Outcomes outcomes = new Outcomes();
        Map<String, Set<Long>> context = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            readUsage(connection, from, to, usage);
            readOutcomes(connection, from.minusMillis(linkWindowMillis), to.plusMillis(linkWindowMillis), outcomes, context);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the week of " + week, e);
        }
        return new LoadedWeek(new WeekActivity(week, from, to, linkWindowMillis, usage, context), outcomes);
    }

    private static void readUsage(Connection connection, Instant from, Instant to, WeekActivity.Columns columns)
            throws SQLException {
        try (BinaryCopyReader rows = new BinaryCopyReader(connection, String.format(USAGE, from, to))) {
            while (rows.next()) {
                int i = columns.add();
                columns.rowIds[i] = rows.tid();
                columns.times[i] = rows.timestampMillis();
                columns.personIds[i] = (int) rows.integer();
                columns.teams[i] = rows.text();
                columns.agents[i] = rows.text();
                columns.triggers[i] = WeekActivity.Trigger.of(rows.text());
                columns.tokens[i] = rows.integer();
                columns.sessionKeys[i] = rows.integer();
                columns.taskKeys[i] = rows.integer();
                columns.traceKeys[i] = rows.integer();
                columns.artifactKinds[i] = rows.text();
                String ref = rows.uniqueText();
                columns.artifactRefs[i] = ref;
                Long referenceKey = LinkKeys.reference(ref);
                columns.referenceKeys[i] = referenceKey == null ? 0 : referenceKey;
                if (!rows.nextIsNull()) {
                    columns.hasFingerprint.set(i);
                }
                columns.fingerprints[i] = rows.integer();
                if (rows.bool()) {
                    columns.countOnly.set(i);
                }
            }
        }
    }

    private static void readOutcomes(Connection connection, Instant from, Instant to, Outcomes outcomes,
            Map<String, Set<Long>> context) throws SQLException {
        try (BinaryCopyReader rows = new BinaryCopyReader(connection, String.format(OUTCOMES, from, to))) {
            while (rows.next()) {
                long rowId = rows.integer();
                long time = rows.timestampMillis();
                boolean hasPerson = !rows.nextIsNull();
                int personId = (int) rows.integer();
                String team = rows.text();
                String kind = rows.text();
                Long referenceKey = LinkKeys.reference(rows.uniqueText());
                if (!OutcomeKinds.reviewed(kind)) {
                    // Context (meeting_held), activity and unknown kinds never link: they only prove a subject exists.
                    if (referenceKey != null) {
                        context.computeIfAbsent(kind, k -> new HashSet<>()).add(referenceKey);
                    }
                    continue;
                }
                int i = outcomes.add();
                outcomes.rowIds[i] = rowId;
                outcomes.times[i] = time;
                outcomes.personIds[i] = hasPerson ? personId : Outcomes.NO_PERSON;
                outcomes.teams[i] = team;
                outcomes.kinds[i] = kind;
                outcomes.referenceKeys[i] = referenceKey == null ? 0 : referenceKey;
                outcomes.sessionKeys[i] = rows.integer();
                outcomes.taskKeys[i] = rows.integer();
                outcomes.traceKeys[i] = rows.integer();
                outcomes.counts[i] = (int) rows.integer();
            }
        }
    }

    /** A week's usage with the outcomes around it. */
    record LoadedWeek(WeekActivity activity, Outcomes outcomes) {
    }
}
