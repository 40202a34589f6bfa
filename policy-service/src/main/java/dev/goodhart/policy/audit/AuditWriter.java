package dev.goodhart.policy.audit;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import dev.goodhart.policy.config.PolicyConfig;

/**
 * Writes decisions to the hash-chained audit log with group commit: one writer thread takes every record that is
 * waiting and makes the whole batch durable in one transaction (with the approvals, shadow verdicts and rate-limit
 * counts that belong to them), so concurrent decisions share a commit instead of queueing for one each. A decision
 * is answered only after its batch has committed.
 *
 * <p>Plain JDBC rather than Hibernate: the whole batch is one statement committed on its own (a round trip per group
 * rather than one per table and one for the commit), which is what keeps the audit from being the bottleneck. Several instances of the service append to one chain in turn: the
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
     * Appends the record; the stage completes once it is durable. Nothing waits for it here: a decision goes on when
     * its batch has committed, on the thread that committed it.
     *
     * @return completes with the sealed record, or fails with {@link AuditUnavailableException} when it could not be
     *         written in time; the decision must then be deny
     */
    public CompletableFuture<SealedRecord> append(PendingRecord record) {
        if (!writer.running()) {
            return CompletableFuture.failedFuture(new AuditUnavailableException("The audit writer is not running", null));
        }
        CompletableFuture<SealedRecord> done = new CompletableFuture<>();
        writer.submit(new Pending(record, done));
        return done.orTimeout(config.audit().writeTimeout().toMillis(), TimeUnit.MILLISECONDS).handle((sealed, failure) -> {
            if (failure == null) {
                return sealed;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            throw cause instanceof TimeoutException
                    ? new AuditUnavailableException("The audit record was not written within " + config.audit().writeTimeout(), cause)
                    : new AuditUnavailableException("The audit record could not be written: " + cause.getMessage(), null);
        });
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
            if (!locked) {
                // The batch is one statement, committed on its own: one round trip for the whole group.
                Appended appended = append(connection, records, head == null ? readHead(connection) : head);
                head = appended.head();
                pruneCounts(connection, appended.head().recordedAt());
                return appended.sealed();
            }
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, CHAIN_LOCK);
                    lock.execute();
                }
                Appended appended = append(connection, records, readHead(connection));
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

    /**
     * Everything a batch makes durable, in one statement: its audit records, the approvals they create, the allowed
     * decisions counted per agent, action and minute (what context.recent is computed from) and the shadow set's
     * verdicts. Each column comes as one array (text, cast here), a row per record.
     */
    private static final String APPEND = """
            with record (seq, decision_id, agent, on_behalf_of, action, resource_type, resource_id, decision, basis,
                         verdict, policy_version, policies, reasons, approval_id, tokens, cost_usd, request, prev_hash,
                         hash, new_approval, approval_expires_at, request_hash, shadow_id, shadow_verdict,
                         shadow_policies, shadow_reasons) as (
                     select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])),
                 batch (recorded_at, minute) as (values (?::timestamptz, ?::timestamptz)),
                 approvals as (
                     insert into approval (id, decision_id, created_at, expires_at, agent, on_behalf_of, action,
                                           resource_type, resource_id, request_hash)
                     select new_approval::uuid, decision_id::uuid, batch.recorded_at, approval_expires_at::timestamptz,
                            agent, on_behalf_of, action, resource_type, resource_id, request_hash
                     from record cross join batch where new_approval is not null),
                 counts as (
                     insert into decision_count (agent, action, minute, allowed)
                     select agent, action, batch.minute, count(*) from record cross join batch
                     where decision = 'allow' group by agent, action, batch.minute
                     on conflict (agent, action, minute) do update set allowed = decision_count.allowed + excluded.allowed),
                 compared as (
                     update policy_shadow set compared = compared + shadowed.decisions
                     from (select shadow_id::integer as id, count(*) as decisions from record
                           where shadow_id is not null group by 1) shadowed
                     where policy_shadow.id = shadowed.id),
                 disagreements as (
                     insert into shadow_disagreement (shadow_id, decision_id, recorded_at, agent, on_behalf_of, action,
                                                      resource_type, resource_id, active_verdict, active_policies,
                                                      shadow_verdict, shadow_policies, shadow_reasons)
                     select shadow_id::integer, decision_id::uuid, batch.recorded_at, agent, on_behalf_of, action,
                            resource_type, resource_id, verdict, policies::text[], shadow_verdict, shadow_policies::text[],
                            shadow_reasons::text[]
                     from record cross join batch where shadow_id is not null and shadow_verdict <> verdict)
            insert into audit_record (seq, decision_id, recorded_at, agent, on_behalf_of, action, resource_type,
                                      resource_id, decision, basis, verdict, policy_version, policies, reasons,
                                      approval_id, tokens, cost_usd, request, prev_hash, hash)
            select seq::bigint, decision_id::uuid, batch.recorded_at, agent, on_behalf_of, action, resource_type,
                   resource_id, decision, basis, verdict, policy_version::integer, policies::text[], reasons::text[],
                   approval_id::uuid, tokens::bigint, cost_usd::numeric, request, prev_hash, hash
            from record cross join batch order by seq::bigint
            """;
    private static final int APPEND_COLUMNS = 26;

    private Appended append(Connection connection, List<PendingRecord> records, ChainHead known) throws SQLException {
        // Times never go backwards along the chain, even across instances with slightly different clocks.
        Instant now = ChainedRecord.storedInstant(Instant.now());
        Instant recordedAt = now.isBefore(known.recordedAt()) ? known.recordedAt() : now;
        long seq = known.seq();
        String previous = known.hash();
        String[][] columns = new String[APPEND_COLUMNS][records.size()];
        List<SealedRecord> sealed = new ArrayList<>(records.size());
        for (int row = 0; row < records.size(); row++) {
            PendingRecord record = records.get(row);
            AuditContent content = record.content();
            seq++;
            String hash = new ChainedRecord(seq, recordedAt, record.contentDigest(), previous).hash();
            String[] values = { Long.toString(seq), content.decisionId().toString(), content.agent(), content.onBehalfOf(),
                    content.action(), content.resourceType(), content.resourceId(), content.decision(), content.basis(),
                    content.verdict(), Integer.toString(content.policyVersion()), arrayLiteral(content.policies()),
                    arrayLiteral(content.reasons()), content.approvalId() == null ? null : content.approvalId().toString(),
                    content.tokens() == null ? null : content.tokens().toString(),
                    content.costUsd() == null ? null : content.costUsd().toPlainString(), content.request(), previous, hash,
                    record.newApproval() == null ? null : record.newApproval().id().toString(),
                    record.newApproval() == null ? null : recordedAt.plus(record.newApproval().validFor()).toString(),
                    record.newApproval() == null ? null : record.newApproval().requestHash(),
                    record.shadow() == null ? null : Integer.toString(record.shadow().shadowId()),
                    record.shadow() == null ? null : record.shadow().verdict(),
                    record.shadow() == null ? null : arrayLiteral(record.shadow().policies()),
                    record.shadow() == null ? null : arrayLiteral(record.shadow().reasons()) };
            for (int column = 0; column < APPEND_COLUMNS; column++) {
                columns[column][row] = values[column];
            }
            sealed.add(new SealedRecord(seq, recordedAt, hash));
            previous = hash;
        }
        try (PreparedStatement append = connection.prepareStatement(APPEND)) {
            int p = 1;
            for (String[] column : columns) {
                append.setArray(p++, connection.createArrayOf("text", column));
            }
            append.setString(p++, recordedAt.toString());
            append.setString(p, recordedAt.truncatedTo(ChronoUnit.MINUTES).toString());
            append.executeUpdate();
        }
        return new Appended(sealed, new ChainHead(seq, previous, recordedAt));
    }

    /** A PostgreSQL array literal of the values: one text element of the batch's arrays, cast back to text[]. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder(16 * values.size() + 2).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String value = values.get(i);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    /**
     * The counts behind context.recent are kept two days; older minutes are deleted once an hour. After the batch has
     * committed, so a failure here only logs: the decisions are recorded.
     */
    private void pruneCounts(Connection connection, Instant recordedAt) {
        if (recordedAt.isAfter(countsPrunedAt.plus(PRUNE_COUNTS_EVERY))) {
            countsPrunedAt = recordedAt;
            try (PreparedStatement prune = connection.prepareStatement("delete from decision_count where minute < ?")) {
                prune.setTimestamp(1, Timestamp.from(recordedAt.minus(KEEP_COUNTS)));
                prune.executeUpdate();
            } catch (SQLException e) {
                Log.warnf("Old rate-limit counts were not deleted (tried again in an hour): %s", describe(e));
            }
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
}
