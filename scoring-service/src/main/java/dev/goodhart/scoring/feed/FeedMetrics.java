package dev.goodhart.scoring.feed;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Feed consumption as Prometheus metrics ({@code /q/metrics}): {@code goodhart_feed_lag_seconds} (defined as on
 * {@code GET /v1/status}) and counters of applied, duplicate and skipped events and of failed polls.
 */
@ApplicationScoped
public class FeedMetrics {

    private final AtomicReference<FeedCursor> last = new AtomicReference<>();
    private final Counter applied;
    private final Counter duplicates;
    private final Counter skipped;
    private final Counter failedPolls;

    public FeedMetrics(MeterRegistry registry) {
        Gauge.builder("goodhart.feed.lag", this, FeedMetrics::lagSeconds)
                .baseUnit("seconds")
                .description("How far the scores may be behind ingest-service's feed; NaN before the first poll")
                .register(registry);
        applied = Counter.builder("goodhart.feed.events.applied").description("Events stored for the first time")
                .register(registry);
        duplicates = Counter.builder("goodhart.feed.events.duplicate").description("Events delivered again and ignored")
                .register(registry);
        skipped = Counter.builder("goodhart.feed.events.skipped").description("Records breaking the feed contract")
                .register(registry);
        failedPolls = Counter.builder("goodhart.feed.polls.failed").description("Polls that failed and will be retried")
                .register(registry);
    }

    void applied(AppliedPage page) {
        applied.increment(page.stored());
        duplicates.increment(page.duplicates());
        skipped.increment(page.skipped());
    }

    void failed() {
        failedPolls.increment();
    }

    /** The stored cursor after a poll; the lag gauge reads it (a scrape never queries the database). */
    void observe(FeedCursor cursor) {
        last.set(cursor);
    }

    private double lagSeconds() {
        FeedCursor cursor = last.get();
        Long lag = cursor == null ? null : FeedProgress.lagSeconds(cursor, Instant.now());
        return lag == null ? Double.NaN : lag;
    }
}
