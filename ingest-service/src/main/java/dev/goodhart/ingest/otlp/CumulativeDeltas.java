package dev.goodhart.ingest.otlp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

import dev.goodhart.ingest.config.IngestConfig;

/**
 * Turns the points of cumulative metric series into deltas, with the last point of every series kept in the database
 * so that conversion survives restarts of this service and runs on any replica. A series is locked while its point is
 * converted, so two requests carrying the same series never both count the same increase.
 */
@ApplicationScoped
@Transactional
public class CumulativeDeltas {

    private static final String INSERT_FIRST_POINT = """
            insert into metric_series (series_key, start_unix_nano, last_unix_nano, last_value, last_count, updated_at)
            values (?1, ?2, ?3, ?4, ?5, now()) on conflict do nothing
            """;

    private final IngestConfig config;

    public CumulativeDeltas(IngestConfig config) {
        this.config = config;
    }

    /** The increase of a series since its previous point, over the interval (fromUnixNano, toUnixNano]. */
    public record Delta(long fromUnixNano, long toUnixNano, double value, long count) {
    }

    /**
     * The delta a cumulative point adds, or empty when the point adds nothing new: a point at or before the last one
     * seen (a re-sent batch) or from an older start than the series' current one.
     * <ul>
     * <li>first point of a series: everything counted since its start time is new;</li>
     * <li>same start time, later point: the difference to the last point; a value below the last one is a reset that
     * the sender did not announce, and the whole value is new;</li>
     * <li>a later start time (the sender restarted, or reset the counter): the whole value is new.</li>
     * </ul>
     */
    public Optional<Delta> delta(String seriesKey, long startUnixNano, long timeUnixNano, double value, long count) {
        // Insert-if-absent first, so that two requests with the first point of one series cannot both count it.
        int inserted = MetricSeries.getEntityManager().createNativeQuery(INSERT_FIRST_POINT)
                .setParameter(1, seriesKey).setParameter(2, startUnixNano).setParameter(3, timeUnixNano)
                .setParameter(4, value).setParameter(5, count).executeUpdate();
        if (inserted == 1) {
            return Optional.of(new Delta(startUnixNano, timeUnixNano, value, count));
        }
        MetricSeries series = MetricSeries.findById(seriesKey, LockModeType.PESSIMISTIC_WRITE);
        if (startUnixNano < series.startUnixNano
                || (startUnixNano == series.startUnixNano && timeUnixNano <= series.lastUnixNano)) {
            return Optional.empty();
        }
        Delta delta;
        if (startUnixNano == series.startUnixNano && value >= series.lastValue && count >= series.lastCount) {
            delta = new Delta(series.lastUnixNano, timeUnixNano, value - series.lastValue, count - series.lastCount);
        } else {
            delta = new Delta(Math.max(startUnixNano, series.lastUnixNano), timeUnixNano, value, count);
        }
        series.startUnixNano = startUnixNano;
        series.lastUnixNano = timeUnixNano;
        series.lastValue = value;
        series.lastCount = count;
        series.updatedAt = Instant.now();
        return Optional.of(delta);
    }

    /** Forgets series that sent nothing for longer than events are kept: a point after that starts afresh. */
    @Scheduled(every = "${goodhart.ingest.retention.check-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetSilentSeries() {
        Duration maxAge = config.retention().maxAge();
        long forgotten = MetricSeries.delete("updatedAt < ?1", Instant.now().minus(maxAge));
        if (forgotten > 0) {
            Log.infof("Forgot %d metric series silent for more than %s", forgotten, maxAge);
        }
    }
}
