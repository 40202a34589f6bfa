package dev.goodhart.policy.audit;

import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.goodhart.common.concurrent.BatchingThread;
import dev.goodhart.common.problem.ProblemMappers;
import dev.goodhart.policy.cedar.Verdict;
import dev.goodhart.policy.config.PolicyConfig;

/**
 * Writes decisions to the hash-chained audit log with group commit: one writer thread takes every record that is
 * waiting and makes the whole batch durable in one transaction (with the approvals, shadow verdicts and rate-limit
 * counts that belong to them), so concurrent decisions share a commit instead of queueing for one each. A decision
 * is answered only after its batch has committed.
 *
 * <p>Plain JDBC rather than Hibernate: batched inserts, text arrays and an upsert in one round of statements are what
 * keep the audit from being the bottleneck. Several instances of the service append to one chain in turn: the
 * sequence number is the primary key, so a batch built on a stale head is refused and rebuilt.
 */
@ApplicationScoped
public class AuditWriter {

    /** Advisory lock key of the audit chain ("audit" in ASCII), taken only to recover from a concurrent append. */
    static final long CHAIN_LOCK = 0x6175646974L;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Duration PRUNE_COUNTS_EVERY = Duration.ofHours(1);
    private static final Duration KEEP_COUNTS = Duration.ofDays(2);

    private final AgroalDataSource dataSource;
    private final PolicyConfig config;
    private final BatchingThread<Pending> writer;
    private volatile boolean lastWriteFailed;
    private volatile String lastFailure;
    private Instant countsPrunedAt = Instant.EPOCH;

    private record Pending(PendingRecord record, CompletableFuture<SealedRecord> done) {
    }

    public AuditWriter(AgroalDataSource dataSource, PolicyConfig config) {
        this.dataSource = dataSource;
        this.config = config;
        this.writer = new BatchingThread<>("audit-writer", config.audit().maxBatch(), this::write,
                (batch, e) -> batch.forEach(pending -> pending.done().completeExceptionally(e)));
    }

    void start(@Observes StartupEvent startup) {
        writer.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        for (Pending left : writer.stop(Duration.ofSeconds(10))) {
            left.done().completeExceptionally(new AuditUnavailableException("The service is shutting down", null));
        }
    }

    /**
     * Appends the record and returns once it is durable.
     *
     * @throws AuditUnavailableException when it could not be written in time; the decision must then be deny
     */
    public SealedRecord append(PendingRecord record) {
        if (!writer.running()) {
            throw new AuditUnavailableException("The audit writer is not running", null);
        }
        CompletableFuture<SealedRecord> done = new CompletableFuture<>();
        writer.submit(new Pending(record, done));
        try {
            return done.get(config.audit().writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("The audit record could not be written: " + e.getCause().getMessage(), null);
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("The audit record was not written within " + config.audit().writeTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("Interrupted while writing the audit record", e);
        }
    }

    /** False after a failed write, until a write succeeds again. */
    public boolean lastWriteSucceeded() {
        return !lastWriteFailed;
    }

    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Whether a record could be appended right now: inserts a probe row and rolls it back, which exercises the
     * connection, the role's privileges and the table's constraints and triggers (readiness probe).
     */
    public boolean canAppend() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement probe = connection.prepareStatement("insert into audit_record (seq, decision_id,"
                    + " recorded_at, agent, on_behalf_of, action, resource_type, resource_id, decision, basis, verdict,"
                    + " policy_version, policies, reasons, request, prev_hash, hash) values (?, ?, now(), 'probe', 'probe',"
                    + " 'probe', 'probe', 'probe', 'deny', 'probe', 'deny', 0, '{}', '{}', '{}', ?, ?)")) {
                probe.setLong(1, Long.MAX_VALUE);
                probe.setObject(2, UUID.randomUUID());
                probe.setString(3, ChainedRecord.GENESIS);
                probe.setString(4, (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", ""));
                probe.executeUpdate();
                return true;
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<SealedRecord> sealed = commit(batch.stream().map(Pending::record).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(sealed.get(i));
            }
            lastWriteFailed = false;
        } catch (SQLException e) {
            if (batch.size() > 1 && !ProblemMappers.isDatabaseUnavailable(e)) {
                // One bad record must not fail the decisions batched with it: write them one by one.
                for (Pending pending : batch) {
                    write(List.of(pending));
                }
                return;
            }
            lastWriteFailed = true;
            lastFailure = describe(e);
            Log.errorf("Audit log write failed for %d decision(s), which are denied: %s", batch.size(), lastFailure);
            AuditUnavailableException failure = new AuditUnavailableException(lastFailure, null);
            batch.forEach(pending -> pending.done().completeExceptionally(failure));
        }
    }

    /** The last record of the chain as this writer knows it; only the writer thread touches it. */
    private record ChainHead(long seq, String hash, Instant recordedAt) {
    }

    private ChainHead head;

    /**
     * Appends optimistically after the head this writer knows (no lock, no read): the primary key on the sequence
     * number refuses the batch if another instance appended meanwhile, and then it is retried after reading the head
     * under the chain's advisory lock.
     */
    private List<SealedRecord> commit(List<PendingRecord> records) throws SQLException {
        try {
            return commit(records, false);
        } catch (SQLException e) {
            head = null;
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            try {
                return commit(records, true);
            } catch (SQLException again) {
                head = null;
                throw again;
            }
        }
    }

    private List<SealedRecord> commit(List<PendingRecord> records, boolean locked) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (locked) {
                    try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, CHAIN_LOCK);
                        lock.execute();
                    }
                }
                ChainHead known = locked || head == null ? readHead(connection) : head;
                Appended appended = append(connection, records, known);
                connection.commit();
                head = appended.head();
                return appended.sealed();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static ChainHead readHead(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet last = statement.executeQuery(
                        "select seq, hash, recorded_at from audit_record order by seq desc limit 1")) {
            return last.next()
                    ? new ChainHead(last.getLong(1), last.getString(2), last.getTimestamp(3).toInstant())
                    : new ChainHead(0, ChainedRecord.GENESIS, Instant.EPOCH);
        }
    }

    private record Appended(List<SealedRecord> sealed, ChainHead head) {
    }

    private Appended append(Connection connection, List<PendingRecord> records, ChainHead known) throws SQLException {
        // Times never go backwards along the chain, even across instances with slightly different clocks.
        Instant now = ChainedRecord.storedInstant(Instant.now());
        Instant recordedAt = now.isBefore(known.recordedAt()) ? known.recordedAt() : now;
        long seq = known.seq();
        String previous = known.hash();
        List<SealedRecord> sealed = new ArrayList<>(records.size());
        try (PreparedStatement insert = connection.prepareStatement("insert into audit_record (seq, decision_id, recorded_at,"
                + " agent, on_behalf_of, action, resource_type, resource_id, decision, basis, verdict, policy_version, policies,"
                + " reasons, approval_id, tokens, cost_usd, request, prev_hash, hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PendingRecord record : records) {
                AuditContent content = record.content();
                seq++;
                String hash = new ChainedRecord(seq, recordedAt, record.contentDigest(), previous).hash();
                int p = 1;
                insert.setLong(p++, seq);
                insert.setObject(p++, content.decisionId());
                insert.setTimestamp(p++, Timestamp.from(recordedAt));
                insert.setString(p++, content.agent());
                insert.setString(p++, content.onBehalfOf());
                insert.setString(p++, content.action());
                insert.setString(p++, content.resourceType());
                insert.setString(p++, content.resourceId());
                insert.setString(p++, content.decision());
                insert.setString(p++, content.basis());
                insert.setString(p++, content.verdict());
                insert.setInt(p++, content.policyVersion());
                insert.setArray(p++, textArray(connection, content.policies()));
                insert.setArray(p++, textArray(connection, content.reasons()));
                insert.setObject(p++, content.approvalId());
                if (content.tokens() == null) {
                    insert.setNull(p++, Types.BIGINT);
                } else {
                    insert.setLong(p++, content.tokens());
                }
                insert.setBigDecimal(p++, content.costUsd());
                insert.setString(p++, content.request());
                insert.setString(p++, previous);
                insert.setString(p, hash);
                insert.addBatch();
                sealed.add(new SealedRecord(seq, recordedAt, hash));
                previous = hash;
            }
            insert.executeBatch();
        }
        insertApprovals(connection, records, recordedAt);
        insertShadowOutcomes(connection, records, recordedAt);
        countAllowed(connection, records, recordedAt);
        return new Appended(sealed, new ChainHead(seq, previous, recordedAt));
    }

    private static void insertApprovals(Connection connection, List<PendingRecord> records, Instant createdAt)
            throws SQLException {
        List<PendingRecord> creating = records.stream().filter(r -> r.newApproval() != null).toList();
        if (creating.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into approval (id, decision_id, created_at,"
                + " expires_at, agent, on_behalf_of, action, resource_type, resource_id, request_hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PendingRecord record : creating) {
                insert.setObject(1, record.newApproval().id());
                insert.setObject(2, record.content().decisionId());
                insert.setTimestamp(3, Timestamp.from(createdAt));
                insert.setTimestamp(4, Timestamp.from(createdAt.plus(record.newApproval().validFor())));
                insert.setString(5, record.content().agent());
                insert.setString(6, record.content().onBehalfOf());
                insert.setString(7, record.content().action());
                insert.setString(8, record.content().resourceType());
                insert.setString(9, record.content().resourceId());
                insert.setString(10, record.newApproval().requestHash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertShadowOutcomes(Connection connection, List<PendingRecord> records, Instant recordedAt)
            throws SQLException {
        Map<Integer, Long> compared = new LinkedHashMap<>();
        records.stream().filter(r -> r.shadow() != null).forEach(r -> compared.merge(r.shadow().shadowId(), 1L, Long::sum));
        if (compared.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("update policy_shadow set compared = compared + ? where id = ?")) {
            for (Map.Entry<Integer, Long> entry : compared.entrySet()) {
                update.setLong(1, entry.getValue());
                update.setInt(2, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        List<PendingRecord> disagreeing = records.stream().filter(PendingRecord::shadowDisagrees).toList();
        if (disagreeing.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into shadow_disagreement (shadow_id, decision_id,"
                + " recorded_at, agent, on_behalf_of, action, resource_type, resource_id, active_verdict, active_policies,"
                + " shadow_verdict, shadow_policies, shadow_reasons) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PendingRecord record : disagreeing) {
                insert.setInt(1, record.shadow().shadowId());
                insert.setObject(2, record.content().decisionId());
                insert.setTimestamp(3, Timestamp.from(recordedAt));
                insert.setString(4, record.content().agent());
                insert.setString(5, record.content().onBehalfOf());
                insert.setString(6, record.content().action());
                insert.setString(7, record.content().resourceType());
                insert.setString(8, record.content().resourceId());
                insert.setString(9, record.content().verdict());
                insert.setArray(10, textArray(connection, record.content().policies()));
                insert.setString(11, record.shadow().verdict());
                insert.setArray(12, textArray(connection, record.shadow().policies()));
                insert.setArray(13, textArray(connection, record.shadow().reasons()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Allowed decisions per agent, action and minute: what context.recent is computed from. */
    private void countAllowed(Connection connection, List<PendingRecord> records, Instant recordedAt) throws SQLException {
        Map<List<String>, Integer> allowed = new LinkedHashMap<>();
        records.stream().filter(r -> Verdict.ALLOW.equals(r.content().decision()))
                .forEach(r -> allowed.merge(List.of(r.content().agent(), r.content().action()), 1, Integer::sum));
        if (!allowed.isEmpty()) {
            Timestamp minute = Timestamp.from(recordedAt.truncatedTo(ChronoUnit.MINUTES));
            try (PreparedStatement upsert = connection.prepareStatement("insert into decision_count (agent, action, minute,"
                    + " allowed) values (?, ?, ?, ?) on conflict (agent, action, minute)"
                    + " do update set allowed = decision_count.allowed + excluded.allowed")) {
                for (Map.Entry<List<String>, Integer> entry : allowed.entrySet()) {
                    upsert.setString(1, entry.getKey().get(0));
                    upsert.setString(2, entry.getKey().get(1));
                    upsert.setTimestamp(3, minute);
                    upsert.setInt(4, entry.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
        if (recordedAt.isAfter(countsPrunedAt.plus(PRUNE_COUNTS_EVERY))) {
            try (PreparedStatement prune = connection.prepareStatement("delete from decision_count where minute < ?")) {
                prune.setTimestamp(1, Timestamp.from(recordedAt.minus(KEEP_COUNTS)));
                prune.executeUpdate();
            }
            countsPrunedAt = recordedAt;
        }
    }

    /**
     * The database's reason without the values: the driver's own messages for a batch quote the statement with its
     * parameters (people's addresses, requests), which must not reach the log.
     */
    static String describe(SQLException e) {
        SQLException reason = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String first = reason instanceof BatchUpdateException || reason.getMessage() == null ? ""
                : reason.getMessage().lines().findFirst().orElse("");
        return "SQLState " + reason.getSQLState() + (first.isEmpty() ? "" : ": " + first);
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(String[]::new));
    }
}
