package dev.goodhart.ingest.retention;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.goodhart.ingest.config.IngestConfig;

/**
 * Keeps the event tables' month partitions in step with time: creates the partitions that events may be written to
 * (from the retention horizon to next month), drops the months that lie wholly beyond the retention period, and prunes
 * the ids of the dropped events from the id table. Runs at startup and on a schedule; the write path also creates a
 * missing month on demand.
 */
@ApplicationScoped
public class PartitionMaintenance {

    static final List<String> PARTITIONED_TABLES = List.of("usage_event", "outcome_event");
    static final int PRUNE_CHUNK = 10_000;

    private final Partitions partitions;
    private final IngestConfig config;
    /** Partitions known to exist, as "table/month", so that the write path asks the database only for new months. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public PartitionMaintenance(Partitions partitions, IngestConfig config) {
        this.partitions = partitions;
        this.config = config;
    }

    void atStartup(@Observes StartupEvent event) {
        maintain(Instant.now());
    }

    @Scheduled(every = "${goodhart.ingest.retention.check-every:1h}", delayed = "${goodhart.ingest.retention.check-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            maintain(Instant.now());
        } catch (RuntimeException e) {
            Log.warnf("Partition maintenance failed; the next run retries: %s", e.getMessage());
        }
    }

    /** One maintenance pass as of {@code now}. */
    public void maintain(Instant now) {
        Instant horizon = now.minus(config.retention().maxAge());
        YearMonth oldestKept = YearMonth.from(horizon.atZone(ZoneOffset.UTC));
        YearMonth newest = YearMonth.from(now.plus(config.futureSkew()).atZone(ZoneOffset.UTC)).plusMonths(1);
        int dropped = 0;
        for (String table : PARTITIONED_TABLES) {
            for (YearMonth month : partitions.months(table)) {
                if (month.isBefore(oldestKept)) {
                    partitions.drop(table, month);
                    known.remove(key(table, month));
                    dropped++;
                } else {
                    known.add(key(table, month));
                }
            }
            for (YearMonth month = oldestKept; !month.isAfter(newest); month = month.plusMonths(1)) {
                ensure(table, month);
            }
        }
        Instant keptFrom = oldestKept.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        long pruned = 0;
        for (int deleted = PRUNE_CHUNK; deleted == PRUNE_CHUNK;) {
            deleted = partitions.pruneEventKeys(keptFrom, PRUNE_CHUNK);
            pruned += deleted;
        }
        if (dropped > 0 || pruned > 0) {
            Log.infof("Retention: dropped %d month partitions and %d event ids before %s", dropped, pruned, keptFrom);
        }
    }

    /** Makes sure every month of these timestamps has a partition of {@code table}. */
    public void ensureFor(String table, Collection<Instant> occurredAt) {
        // A batch mostly falls in one month: only a timestamp outside the month just ensured pays for its calendar month.
        long monthStart = 0;
        long monthEnd = 0;
        for (Instant at : occurredAt) {
            long second = at.getEpochSecond();
            if (second >= monthStart && second < monthEnd) {
                continue;
            }
            YearMonth month = YearMonth.from(at.atZone(ZoneOffset.UTC));
            ensure(table, month);
            monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }
    }

    private void ensure(String table, YearMonth month) {
        if (!known.contains(key(table, month))) {
            partitions.ensure(table, month);
            known.add(key(table, month));
        }
    }

    private static String key(String table, YearMonth month) {
        return table + "/" + month;
    }
}
