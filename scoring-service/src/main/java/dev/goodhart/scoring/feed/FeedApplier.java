package dev.goodhart.scoring.feed;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.person.PersonDirectory;

/**
 * Applies feed pages in one transaction, cursor included, so that pages are either fully applied or not at all and a
 * restart resumes exactly after the last applied page.
 *
 * <p>Written for throughput (the benchmark target is 100,000 events/s). Usage and outcome events are COPYed straight
 * into {@code usage_event} and {@code outcome_event} in PostgreSQL's binary format, each under a savepoint; the weekly
 * per-person totals, the hourly agent spend and the weeks that need scoring are summed here and added with one upsert
 * each ({@link FeedTotals}). Nothing is done per event in SQL. Redelivered events are ignored (idempotent by type and
 * id): only when a COPY meets an event already stored is it rolled back to its savepoint, and the rows go through a
 * temporary table and {@code INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING event_id}, whose answer says which
 * events are new and count towards the totals.
 */
@ApplicationScoped
@Transactional
public class FeedApplier {

    private static final int LOGGED_SKIPS_PER_PAGE = 5;

    private static final String USAGE_COLUMNS = """
            (event_id, occurred_at, received_at, person_id, team, agent, trigger, tokens, cost_usd, session_key, task_key,
             trace_key, artifact_kind, artifact_ref, prompt_fingerprint, count_only)""";

    /** outcome_event's id is an identity: every other column. */
    private static final String OUTCOME_COLUMNS = """
            (event_id, occurred_at, received_at, person_id, team, kind, ref, session_key, task_key, trace_key, count)""";

    /** usage_event.cost_usd is numeric(18, 8): what is stored is the cost rounded to 8 decimals. */
    private static final int COST_SCALE = 8;
    private static final int COST_PRECISION = 18;
    private static final BigDecimal NO_COST = BigDecimal.ZERO.setScale(COST_SCALE);

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String UPDATE_DIRECTORY = """
            update person set in_directory = true, primary_team = ?, teams = ?::text[], active = ?,
                              directory_received_at = ?
            where person_key = ? and (directory_received_at is null or directory_received_at <= ?)""";

    private static final String ADVANCE_CURSOR = """
            update feed_cursor set position = ?, events_applied = events_applied + ?, duplicates = duplicates + ?,
                                   skipped = skipped + ?, last_received_at = greatest(last_received_at, ?),
                                   directory_version = directory_version + ?, caught_up = ?, last_poll_at = now(),
                                   last_error = null, updated_at = now()
            where feed = 'ingest' and position is not distinct from ?""";

    private final DataSource dataSource;
    private final PersonDirectory directory;
    private final long linkWindowSeconds;

    public FeedApplier(DataSource dataSource, PersonDirectory directory, ScoringConfig config) {
        this.dataSource = dataSource;
        this.directory = directory;
        this.linkWindowSeconds = config.linking().window().toSeconds();
    }

    /**
     * Applies {@code page}, read with cursor {@code after}, and moves the stored cursor to the page's {@code next}.
     *
     * @throws CursorMovedException when the stored cursor is no longer {@code after} (another replica applied it)
     */
    public AppliedPage apply(String after, FeedPage page) {
        return apply(after, List.of(page));
    }

    /**
     * Applies consecutive {@code pages}, the first read with cursor {@code after} and each next one with the
     * {@code next} of the one before, in one transaction, and moves the stored cursor to the last one's {@code next}.
     *
     * @throws CursorMovedException when the stored cursor is no longer {@code after} (another replica applied it)
     */
    public AppliedPage apply(String after, List<FeedPage> pages) {
        Instant appliedAt = Instant.now();
        List<FeedEvent> usage = new ArrayList<>();
        List<FeedEvent> outcomes = new ArrayList<>();
        List<FeedEvent> people = new ArrayList<>();
        Set<String> personKeys = new HashSet<>();
        String previousKey = null;
        Instant newest = null;
        long skipped = 0;
        String pageAfter = after;
        for (FeedPage page : pages) {
            int skippedInPage = 0;
            for (int index = 0; index < page.events().size(); index++) {
                FeedEvent event = page.events().get(index);
                String problem = problem(event);
                if (problem != null) {
                    skipped++;
                    if (skippedInPage++ < LOGGED_SKIPS_PER_PAGE) {
                        Log.warnf("Skipping feed record %d after cursor %s (type %s, id %s): %s", index, pageAfter,
                                event == null ? null : event.type(), event == null ? null : event.id(), problem);
                    }
                    continue;
                }
                switch (event.type()) {
                    case FeedEvent.USAGE -> usage.add(event);
                    case FeedEvent.OUTCOME -> outcomes.add(event);
                    default -> people.add(event);
                }
                // Consecutive records are often the same person's: skip hashing the 64-character key again.
                if (!blank(event.personKey()) && !event.personKey().equals(previousKey)) {
                    personKeys.add(event.personKey());
                    previousKey = event.personKey();
                }
                Instant received = receivedAt(event, appliedAt);
                newest = newest == null || received.isAfter(newest) ? received : newest;
            }
            pageAfter = page.next();
        }
        FeedPage last = pages.get(pages.size() - 1);
        Map<String, Integer> ids = directory.ids(personKeys);
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            FeedTotals totals = new FeedTotals(linkWindowSeconds);
            long stored = storeUsage(connection, usage, ids, appliedAt, totals)
                    + storeOutcomes(connection, outcomes, ids, appliedAt, totals);
            totals.store(connection);
            boolean directoryChanged = updateDirectory(connection, people);
            long duplicates = usage.size() + outcomes.size() - stored;
            advanceCursor(connection, after, last, stored, duplicates, skipped, newest, directoryChanged);
            Log.debugf("Applied %d usage, %d outcome and %d directory records (%d new) in %d ms", usage.size(),
                    outcomes.size(), people.size(), stored, (System.nanoTime() - started) / 1_000_000);
            return new AppliedPage(stored, duplicates, skipped, people.size(), newest);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply the feed page after cursor " + after, e);
        }
    }

    /** Why a record cannot be applied, or null. Records of unknown types are skipped too: nothing here reads them. */
    static String problem(FeedEvent event) {
        if (event == null || event.type() == null) {
            return "no type";
        }
        if (blank(event.id())) {
            return "no id";
        }
        switch (event.type()) {
            case FeedEvent.USAGE -> {
                if (event.occurredAt() == null) {
                    return "no occurredAt";
                }
                if (blank(event.personKey())) {
                    return "no personKey";
                }
                if (negative(event.inputTokens()) || negative(event.cacheReadTokens()) || negative(event.cacheWriteTokens())
                        || negative(event.outputTokens()) || negative(event.reasoningTokens())) {
                    return "a negative token count";
                }
                if (event.costUsd() != null && event.costUsd().signum() < 0) {
                    return "a negative costUsd";
                }
                if (storedCost(event.costUsd()).precision() > COST_PRECISION) {
                    return "a costUsd of 10,000,000,000 or more (costs are stored with 10 digits and 8 decimals)";
                }
                return null;
            }
            case FeedEvent.OUTCOME -> {
                if (event.occurredAt() == null) {
                    return "no occurredAt";
                }
                if (event.count() < 1 || event.count() > Integer.MAX_VALUE) {
                    return "attributes.count is not a whole number from 1 to " + Integer.MAX_VALUE;
                }
                return blank(event.kind()) ? "no kind" : null;
            }
            case FeedEvent.PERSON -> {
                return blank(event.personKey()) ? "no personKey" : null;
            }
            default -> {
                return "unknown type " + event.type();
            }
        }
    }

    private static long storeUsage(Connection connection, List<FeedEvent> usage, Map<String, Integer> ids,
            Instant appliedAt, FeedTotals totals) throws SQLException {
        if (usage.isEmpty()) {
            return 0;
        }
        int[] personIds = new int[usage.size()];
        BigDecimal[] costs = new BigDecimal[usage.size()];
        CopyRows rows = new CopyRows(16, usage.size());
        String previousKey = null;
        int personId = 0;
        for (int i = 0; i < usage.size(); i++) {
            FeedEvent event = usage.get(i);
            if (!event.personKey().equals(previousKey)) {
                previousKey = event.personKey();
                personId = ids.get(previousKey);
            }
            personIds[i] = personId;
            // A count-only sample's cost is unknown like its tokens: it is never spend.
            costs[i] = event.countOnly() ? NO_COST : storedCost(event.costUsd());
            FeedEvent.Artifact artifact = event.artifact();
            rows.row()
                    .text(event.id())
                    .timestamp(event.occurredAt())
                    .timestamp(receivedAt(event, appliedAt))
                    .int4(personId)
                    .text(blankToNull(event.team()))
                    .text(blankToNull(event.agent()))
                    .text(event.trigger() == null ? null : event.trigger().toLowerCase(Locale.ROOT))
                    .int8(event.tokens())
                    .numeric(costs[i], COST_SCALE)
                    .int8(LinkKeys.session(event.sessionId()))
                    .int8(LinkKeys.task(event.taskId()))
                    .int8(LinkKeys.trace(event.traceId()))
                    .text(artifact == null ? null : blankToNull(artifact.kind()))
                    .text(artifact == null ? null : blankToNull(artifact.ref()))
                    .int8(fingerprint(event.promptFingerprint()))
                    .bool(event.countOnly());
        }
        Set<String> newIds = storeNew(connection, rows, "usage_event", USAGE_COLUMNS);
        long stored = 0;
        for (int i = 0; i < usage.size(); i++) {
            FeedEvent event = usage.get(i);
            // remove(): an event delivered twice within these pages counts once.
            if (newIds == null || newIds.remove(event.id())) {
                totals.addUsage(event.occurredAt().getEpochSecond(), personIds[i], blankToNull(event.team()),
                        blankToNull(event.agent()), event.tokens(), costs[i], event.countOnly());
                stored++;
            }
        }
        return stored;
    }

    private static long storeOutcomes(Connection connection, List<FeedEvent> outcomes, Map<String, Integer> ids,
            Instant appliedAt, FeedTotals totals) throws SQLException {
        if (outcomes.isEmpty()) {
            return 0;
        }
        Integer[] personIds = new Integer[outcomes.size()];
        String[] kinds = new String[outcomes.size()];
        CopyRows rows = new CopyRows(11, outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            FeedEvent event = outcomes.get(i);
            personIds[i] = blank(event.personKey()) ? null : ids.get(event.personKey());
            kinds[i] = event.kind().trim().toLowerCase(Locale.ROOT);
            rows.row()
                    .text(event.id())
                    .timestamp(event.occurredAt())
                    .timestamp(receivedAt(event, appliedAt))
                    .int4(personIds[i])
                    .text(blankToNull(event.team()))
                    .text(kinds[i])
                    .text(blankToNull(event.ref()))
                    .int8(LinkKeys.session(event.sessionId()))
                    .int8(LinkKeys.task(event.taskId()))
                    .int8(LinkKeys.trace(event.traceId()))
                    .int4((int) event.count());
        }
        Set<String> newIds = storeNew(connection, rows, "outcome_event", OUTCOME_COLUMNS);
        long stored = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            FeedEvent event = outcomes.get(i);
            if (newIds == null || newIds.remove(event.id())) {
                totals.addOutcome(event.occurredAt().getEpochSecond(), personIds[i], blankToNull(event.team()), kinds[i],
                        event.count());
                stored++;
            }
        }
        return stored;
    }

    /**
     * COPYs {@code rows} into {@code table} under a savepoint. Answers null when that stored them all; when an event
     * among them was stored before (a redelivery), rolls the COPY back, stores the others through a temporary table
     * like {@code table} and answers the event ids that were new.
     */
    private static Set<String> storeNew(Connection connection, CopyRows rows, String table, String columns)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("savepoint first_delivery");
            try {
                rows.copyInto(connection, table + " " + columns);
                statement.execute("release savepoint first_delivery");
                return null;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                statement.execute("rollback to savepoint first_delivery");
            }
            String stage = table + "_stage";
            String select = columns.trim().replace("(", "").replace(")", "");
            // The same columns and types, without constraints or identity: the INSERT below draws outcome_event's ids.
            statement.execute("create temporary table if not exists " + stage + " on commit delete rows as select "
                    + select + " from " + table + " with no data");
            rows.copyInto(connection, stage + " " + columns);
            Set<String> newIds = new HashSet<>();
            try (ResultSet inserted = statement.executeQuery("insert into " + table + " " + columns + " select " + select
                    + " from " + stage + " on conflict (event_id) do nothing returning event_id")) {
                while (inserted.next()) {
                    newIds.add(inserted.getString(1));
                }
            }
            return newIds;
        }
    }

    /** Applies directory entries newer than what is stored; answers whether any was. */
    private static boolean updateDirectory(Connection connection, List<FeedEvent> people) throws SQLException {
        if (people.isEmpty()) {
            return false;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE_DIRECTORY)) {
            for (FeedEvent person : people) {
                Timestamp received = person.receivedAt() == null ? null : Timestamp.from(person.receivedAt());
                List<String> teams = person.teams() == null ? List.of() : person.teams().stream()
                        .filter(team -> !blank(team)).toList();
                update.setString(1, blankToNull(person.primaryTeam()));
                update.setArray(2, connection.createArrayOf("text", teams.toArray()));
                update.setBoolean(3, person.active() == null || person.active());
                update.setTimestamp(4, received);
                update.setString(5, person.personKey());
                update.setTimestamp(6, received);
                update.addBatch();
            }
            for (int updated : update.executeBatch()) {
                if (updated != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Moves the cursor; a changed directory bumps its version (precomputed totals compare it, see OrgWeeks). */
    private static void advanceCursor(Connection connection, String after, FeedPage last, long stored, long duplicates,
            long skipped, Instant newest, boolean directoryChanged) throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement(ADVANCE_CURSOR)) {
            advance.setString(1, last.next());
            advance.setLong(2, stored);
            advance.setLong(3, duplicates);
            advance.setLong(4, skipped);
            advance.setTimestamp(5, newest == null ? null : Timestamp.from(newest));
            advance.setInt(6, directoryChanged ? 1 : 0);
            advance.setBoolean(7, !last.hasMore());
            advance.setString(8, after);
            if (advance.executeUpdate() != 1) {
                throw new CursorMovedException(after);
            }
        }
    }

    private static Instant receivedAt(FeedEvent event, Instant appliedAt) {
        return event.receivedAt() == null ? appliedAt : event.receivedAt();
    }

    /** The cost as usage_event stores it: rounded half away from zero to its scale, absent as 0. */
    private static BigDecimal storedCost(BigDecimal cost) {
        return cost == null ? NO_COST : cost.setScale(COST_SCALE, RoundingMode.HALF_UP);
    }

    /** A 64-bit SimHash as 16 hex digits; anything else is treated as absent rather than rejecting the event. */
    private static Long fingerprint(String hex) {
        if (hex == null || hex.length() != 16) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < 16; i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                return null;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static boolean negative(Long count) {
        return count != null && count < 0;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value;
    }
}
