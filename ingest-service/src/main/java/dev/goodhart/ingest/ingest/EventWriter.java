package dev.goodhart.ingest.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.ingest.config.IngestConfig;

/**
 * The write path every source shares: check each item, refuse the request when the caller asked for all-or-nothing
 * (or when nothing at all is acceptable), count repeated ids once, store the rest in one transaction and say what
 * happened to every item. A 2xx is only answered after this transaction has committed.
 */
@ApplicationScoped
@Transactional
public class EventWriter {

    private final EventStore store;
    private final GroupCommit groupCommit;
    private final int groupCommitMaxEvents;

    public EventWriter(EventStore store, GroupCommit groupCommit, IngestConfig config) {
        this.store = store;
        this.groupCommit = groupCommit;
        this.groupCommitMaxEvents = config.groupCommit().maxRequestEvents();
    }

    /**
     * @param check turns a bound request into a record, adding a field error for each problem (and answering null or
     *        a record that is then ignored when it added any)
     * @param mode what rejected items do to the rest of the request
     */
    public <Q, R extends StoredEvent> WriteResult write(Batch<Q> batch, EventTable<R> table,
            BiFunction<Q, List<FieldError>, R> check, WriteMode mode) {
        Checked<R> checked = checkAll(batch, check, mode);
        return checked.result(store.storeNew(table, checked.accepted()));
    }

    /**
     * Like {@link #write}, for a request whose events are all its transaction holds (an API request): outside any
     * transaction, so that a small request can join a group commit, and a large one commits in a transaction of its
     * own. Either way it is committed when this returns.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public <Q, R extends StoredEvent> WriteResult writeRequest(Batch<Q> batch, EventTable<R> table,
            BiFunction<Q, List<FieldError>, R> check, WriteMode mode) {
        Checked<R> checked = checkAll(batch, check, mode);
        List<R> accepted = checked.accepted();
        boolean small = accepted.size() <= groupCommitMaxEvents;
        return checked.result(accepted.isEmpty() ? Set.of()
                : small ? groupCommit.storeNew(table, accepted) : store.storeNew(table, accepted));
    }

    /** The acceptable records of a request (each id once), and what became of the others. */
    private record Checked<R>(List<R> accepted, int repeatedInRequest, List<WriteResult.RejectedItem> rejected) {

        WriteResult result(Set<String> stored) {
            return new WriteResult(stored.size(), repeatedInRequest + accepted.size() - stored.size(), rejected);
        }
    }

    private static <Q, R extends StoredEvent> Checked<R> checkAll(Batch<Q> batch, BiFunction<Q, List<FieldError>, R> check,
            WriteMode mode) {
        List<WriteResult.RejectedItem> rejected = new ArrayList<>();
        Map<String, R> accepted = new LinkedHashMap<>();
        int repeatedInRequest = 0;
        int rejectedItems = 0;
        for (Incoming<Q> item : batch.items()) {
            List<FieldError> errors = new ArrayList<>(item.errors());
            R record = errors.isEmpty() ? check.apply(item.request(), errors) : null;
            if (!errors.isEmpty()) {
                rejectedItems++;
                errors.forEach(error -> rejected.add(
                        new WriteResult.RejectedItem(item.index(), error.field(), error.detail(), item.line())));
            } else if (accepted.putIfAbsent(record.id(), record) != null) {
                repeatedInRequest++;
            }
        }
        if (!rejected.isEmpty() && (mode == WriteMode.ATOMIC || (mode == WriteMode.PARTIAL && accepted.isEmpty()))) {
            throw refusal(batch, rejected, rejectedItems, mode == WriteMode.ATOMIC);
        }
        return new Checked<>(List.copyOf(accepted.values()), repeatedInRequest, rejected);
    }

    /** The 400 that refuses a whole request, naming every rejected field by {@code [index].field}. */
    public static ProblemException refusal(Batch<?> batch, List<WriteResult.RejectedItem> rejected, int rejectedItems,
            boolean atomic) {
        List<FieldError> errors = rejected.stream()
                .map(item -> new FieldError(batch.single() ? item.field() : indexed(item), item.detail()))
                .toList();
        String detail;
        if (batch.single()) {
            detail = errors.size() == 1
                    ? errors.get(0).field() + ": " + errors.get(0).detail()
                    : errors.size() + " fields are not valid";
        } else {
            detail = rejectedItems + " of " + batch.items().size() + " events are not valid"
                    + (atomic ? " and all-or-nothing was requested" : "");
        }
        return new ProblemException(ProblemType.VALIDATION, detail + "; nothing was stored", errors);
    }

    private static String indexed(WriteResult.RejectedItem item) {
        return "[" + item.index() + "]" + (item.field() == null ? "" : "." + item.field());
    }
}
