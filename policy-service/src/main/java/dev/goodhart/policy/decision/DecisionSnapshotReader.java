package dev.goodhart.policy.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.goodhart.common.concurrent.BatchingThread;
import dev.goodhart.policy.cedar.DecisionInput.AgentFacts;
import dev.goodhart.policy.cedar.DecisionInput.Recent;
import dev.goodhart.policy.policy.PolicySetUnavailableException;

/**
 * Reads {@link DecisionSnapshot}s, one query for every decision waiting: a reader thread takes all requests queued
 * while its previous query ran and answers them with a single statement (by distinct agent and action), so concurrent
 * decisions share a round trip instead of each paying one — the read-side twin of the audit log's group commit.
 *
 * <p>Freshness is that of a read per decision: a request joins only a query that starts after it was queued, so every
 * change committed before a decision began (a suspension, a new active version) is seen by that decision.
 *
 * <p>Plain JDBC: this runs on every decision, and one statement instead of entity lookups is most of what a decision
 * costs the database.
 */
@ApplicationScoped
class DecisionSnapshotReader {

    /** Most decisions answered by one query; more wait for the next one. */
    static final int MAX_BATCH = 256;
    /**
     * While decisions are concurrent a query waits this long for more of them before it starts: the query's cost is
     * mostly per round trip (PostgreSQL's executor start and the protocol, and this thread's JDBC work), and under load
     * a query that starts at once answers only the few decisions that arrived during the previous one.
     */
    static final Duration LINGER = Duration.ofMillis(1);
    /** A decision waits this long for its snapshot, then is refused as if the database were unreachable (503). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** The query lives in a function (migration V3) so that PostgreSQL plans it once per connection, not every time. */
    private static final String QUERY =
            "select * from decision_snapshot(?::text[], ?::text[], ?::timestamptz, ?::timestamptz)";

    private final AgroalDataSource dataSource;
    private final BatchingThread<Request> reader;

    private record Key(String agent, String action) {
    }

    private record Request(Key key, CompletableFuture<DecisionSnapshot> answer) {
    }

    DecisionSnapshotReader(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.reader = new BatchingThread<>("decision-snapshots", MAX_BATCH, LINGER, this::answer,
                (batch, e) -> batch.forEach(request -> request.answer().completeExceptionally(e)));
    }

    void start(@Observes StartupEvent startup) {
        reader.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        SQLException stopped = new SQLTransientConnectionException("The service is shutting down");
        reader.stop(Duration.ofSeconds(5)).forEach(left -> left.answer().completeExceptionally(stopped));
    }

    /**
     * The snapshot for a decision of this agent about this action, read after this call began. Nothing waits here: the
     * stage completes on the reader thread when the query that answers it returns.
     *
     * @return completes with the snapshot, or fails with {@link SQLException} when the database cannot be read and
     *         {@link PolicySetUnavailableException} when no policy version is active
     */
    CompletableFuture<DecisionSnapshot> read(String agentId, String action) {
        Key key = new Key(agentId, action);
        if (!reader.running()) {
            // Before start and while shutting down nobody drains the queue: read alone, on a worker thread.
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return readAll(List.of(key)).get(key);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, Infrastructure.getDefaultWorkerPool());
        }
        CompletableFuture<DecisionSnapshot> answer = new CompletableFuture<>();
        reader.submit(new Request(key, answer));
        return answer.orTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((snapshot, failure) -> {
            if (failure == null) {
                return snapshot;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw new CompletionException(new SQLTransientConnectionException(
                        "The database did not answer within " + READ_TIMEOUT, cause));
            }
            if (cause instanceof SQLException sql) {
                // A new exception per decision (the reader's is shared by its batch), keeping SQLState for the mappers.
                throw new CompletionException(new SQLException(sql.getMessage(), sql.getSQLState(), sql));
            }
            if (cause instanceof PolicySetUnavailableException unavailable) {
                throw new PolicySetUnavailableException(unavailable.getMessage(), unavailable);
            }
            throw new IllegalStateException("Reading the decision snapshot failed", cause);
        });
    }

    private void answer(List<Request> batch) {
        try {
            Map<Key, DecisionSnapshot> snapshots = readAll(batch.stream().map(Request::key).distinct().toList());
            batch.forEach(request -> request.answer().complete(snapshots.get(request.key())));
        } catch (SQLException | PolicySetUnavailableException e) {
            batch.forEach(request -> request.answer().completeExceptionally(e));
        }
    }

    /** One statement for all the keys; the time bounds of "recent" are taken when it starts. */
    private Map<Key, DecisionSnapshot> readAll(List<Key> keys) throws SQLException {
        Instant now = Instant.now();
        // Minute buckets: the current one and the 59 before it make "the last hour".
        Timestamp hourAgo = Timestamp.from(now.truncatedTo(ChronoUnit.MINUTES).minus(59, ChronoUnit.MINUTES));
        Timestamp midnight = Timestamp.from(LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<Key, DecisionSnapshot> snapshots = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setArray(1, connection.createArrayOf("text", keys.stream().map(Key::agent).toArray()));
            statement.setArray(2, connection.createArrayOf("text", keys.stream().map(Key::action).toArray()));
            statement.setTimestamp(3, hourAgo);
            statement.setTimestamp(4, midnight);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    snapshots.put(new Key(row.getString(1), row.getString(2)), snapshot(row));
                }
            }
        }
        return snapshots;
    }

    private static DecisionSnapshot snapshot(ResultSet row) throws SQLException {
        String agentId = row.getString(1);
        int activeVersion = row.getInt(3);
        if (row.wasNull()) {
            throw new PolicySetUnavailableException("No policy set is active", null);
        }
        int shadow = row.getInt(4);
        Integer shadowId = row.wasNull() ? null : shadow;
        String owner = row.getString(5);
        AgentFacts facts = owner == null
                ? AgentFacts.unregistered(agentId)
                : new AgentFacts(agentId, true, owner, row.getString(6), row.getString(7));
        boolean suspended = row.getBoolean(8);
        String suspension = suspended ? describeSuspension(agentId, row.getString(9), row.getTimestamp(10),
                row.getString(11)) : null;
        return new DecisionSnapshot(activeVersion, shadowId, facts, suspended, suspension, row.getBoolean(12),
                new Recent(row.getLong(13), row.getLong(14)));
    }

    private static String describeSuspension(String agentId, String by, Timestamp at, String reason) {
        return "agent_suspended: " + agentId + " was suspended by " + by + " at " + at.toInstant()
                + (reason == null ? "" : ": " + reason);
    }
}
