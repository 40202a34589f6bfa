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

/**
 * The write path every source shares: check each item, refuse the request when the caller asked for all-or-nothing
 * (or when nothing at all is acceptable), count repeated ids once, store the rest in one transaction and say what
 * happened to every item. A 2xx is only answered after this transaction has committed.
 */
@ApplicationScoped
@Transactional
public class EventWriter {

    private final EventStore store;

    public EventWriter(EventStore store) {
        this.store = store;
    }

    /**
     * @param check turns a bound request into a record, adding a field error for each problem (and answering null or
     *        a record that is then ignored when it added any)
     * @param mode what rejected items do to the rest of the request
     */
    public <Q, R extends StoredEvent> WriteResult write(Batch<Q> batch, EventTable<R> table,
            BiFunction<Q, List<FieldError>, R> check, WriteMode mode) {
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
        Set<String> stored = store.storeNew(table, List.copyOf(accepted.values()));
        int duplicates = repeatedInRequest + accepted.size() - stored.size();
        return new WriteResult(stored.size(), duplicates, rejected);
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
