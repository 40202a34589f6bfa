package dev.goodhart.ingest.ingest;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.goodhart.common.concurrent.BatchingThread;
import dev.goodhart.common.problem.ProblemMappers;
import dev.goodhart.ingest.config.IngestConfig;
import dev.goodhart.ingest.ingest.EventStore.EventStoreException;

/**
 * Group commit for small write requests: one writer thread takes every request that is waiting and stores all their
 * records in one transaction, so that concurrent single events share a transaction, a COPY and a commit (one WAL
 * flush) instead of paying one each. Each request is answered with its own stored ids, and only after the group has
 * committed.
 *
 * <p>An id sent by two requests of one group belongs to the one queued first; the other sees a duplicate, as it would
 * had it arrived after the first one's commit. When a group fails for a reason other than the database being out of
 * reach, its requests are written again one by one, so that a request that cannot be stored fails alone.
 */
@ApplicationScoped
public class GroupCommit {

    /** Most requests in one group: bounds a transaction to a few thousand rows. */
    static final int MAX_GROUP_REQUESTS = 256;

    private final EventStore store;
    private final Duration writeTimeout;
    private final BatchingThread<Pending> writer;

    private record Pending(TableRecords<?> records, CompletableFuture<Set<String>> stored) {
    }

    public GroupCommit(EventStore store, IngestConfig config) {
        this.store = store;
        this.writeTimeout = config.groupCommit().writeTimeout();
        this.writer = new BatchingThread<>("ingest-group-commit", MAX_GROUP_REQUESTS, this::write,
                (group, e) -> group.forEach(pending -> pending.stored().completeExceptionally(e)));
    }

    void start(@Observes StartupEvent startup) {
        writer.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        for (Pending left : writer.stop(Duration.ofSeconds(10))) {
            left.stored().completeExceptionally(notCommitted("the service is shutting down"));
        }
    }

    /**
     * Stores the records (distinct ids) whose id is not yet known for their type, together with whatever other
     * requests are waiting, and answers the ids this request stored once they are committed.
     */
    public <R extends StoredEvent> Set<String> storeNew(EventTable<R> table, List<R> records) {
        if (!writer.running()) {
            throw notCommitted("the writer is not running");
        }
        CompletableFuture<Set<String>> stored = new CompletableFuture<>();
        writer.submit(new Pending(new TableRecords<>(table, records), stored));
        try {
            return stored.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // The group may still commit: a retry of this request then finds its events as duplicates.
            throw notCommitted("no commit within " + writeTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notCommitted("interrupted while waiting for the commit");
        }
    }

    private void write(List<Pending> group) {
        try {
            List<Set<String>> stored = storeInOneTransaction(group);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).stored().complete(stored.get(i));
            }
        } catch (RuntimeException e) {
            if (group.size() > 1 && !ProblemMappers.isDatabaseUnavailable(e)) {
                Log.warnf("A group commit of %d requests failed (%s); writing them one by one", group.size(),
                        e.getClass().getSimpleName());
                for (Pending pending : group) {
                    write(List.of(pending));
                }
                return;
            }
            group.forEach(pending -> pending.stored().completeExceptionally(e));
        }
    }

    /** The ids each request of the group stored, in group order; an id two requests share goes to the first. */
    private List<Set<String>> storeInOneTransaction(List<Pending> group) {
        Map<EventTable<?>, TablePart> parts = new LinkedHashMap<>();
        for (int request = 0; request < group.size(); request++) {
            TableRecords<?> records = group.get(request).records();
            parts.computeIfAbsent(records.table(), TablePart::new).add(request, records.records());
        }
        List<TablePart> tables = List.copyOf(parts.values());
        List<Set<String>> storedPerTable = store.storeNew(tables.stream().map(TablePart::records).toList());
        List<Set<String>> storedPerRequest = new ArrayList<>(group.size());
        while (storedPerRequest.size() < group.size()) {
            storedPerRequest.add(new HashSet<>());
        }
        for (int t = 0; t < tables.size(); t++) {
            Set<String> stored = storedPerTable.get(t);
            tables.get(t).owners.forEach((id, request) -> {
                if (stored.contains(id)) {
                    storedPerRequest.get(request).add(id);
                }
            });
        }
        return storedPerRequest;
    }

    /** The group's records of one table: each id once, owned by the first request that sent it. */
    private static final class TablePart {

        private final EventTable<?> table;
        private final List<StoredEvent> records = new ArrayList<>();
        private final Map<String, Integer> owners = new HashMap<>();

        TablePart(EventTable<?> table) {
            this.table = table;
        }

        void add(int request, List<? extends StoredEvent> requestRecords) {
            for (StoredEvent record : requestRecords) {
                if (owners.putIfAbsent(record.id(), request) == null) {
                    records.add(record);
                }
            }
        }

        @SuppressWarnings("unchecked") // every record was added from a request for this very table
        TableRecords<?> records() {
            return new TableRecords<>((EventTable<StoredEvent>) table, records);
        }
    }

    /** Mapped like an unreachable database: 503 with Retry-After. */
    private static EventStoreException notCommitted(String why) {
        return new EventStoreException(new SQLTransientConnectionException("The events were not committed: " + why));
    }
}
