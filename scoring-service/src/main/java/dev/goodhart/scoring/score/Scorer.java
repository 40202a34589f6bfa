package dev.goodhart.scoring.score;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.detect.Detector;
import dev.goodhart.scoring.detect.FlagDraft;
import dev.goodhart.scoring.feed.FeedProgress;

/**
 * Scores every week that needs it, a week per worker (a week of a large organisation is the unit that fits in memory;
 * {@code goodhart.scoring.runs.parallelism} weeks side by side): load its usage and the outcomes around it, link them,
 * run the detectors if the week is settled, store.
 */
@ApplicationScoped
public class Scorer {

    /** Weeks looked at per round: a backlog of many weeks is worked through in rounds. */
    private static final int WEEKS_PER_ROUND = 16;

    private final ScoringWeeks weeks;
    private final WeekLoader loader;
    private final ScoreWriter writer;
    private final FeedProgress progress;
    private final List<Detector> detectors;
    private final ExecutorService workers;

    public Scorer(ScoringWeeks weeks, WeekLoader loader, ScoreWriter writer, FeedProgress progress,
            Instance<Detector> detectors, ScoringConfig config) {
        this.workers = Executors.newFixedThreadPool(config.runs().parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "scoring-week");
            thread.setDaemon(true);
            return thread;
        });
        this.weeks = weeks;
        this.loader = loader;
        this.writer = writer;
        this.progress = progress;
        this.detectors = detectors.stream().toList();
    }

    /** Scores every pending week; returns how many weeks were scored. */
    public synchronized int scorePending() {
        int scored = 0;
        while (true) {
            Instant watermark = progress.snapshot().lastReceivedAt;
            List<ScoringWeek> pending = weeks.pending(watermark, WEEKS_PER_ROUND);
            if (pending.isEmpty()) {
                return scored;
            }
            List<Future<?>> runs = new ArrayList<>();
            for (ScoringWeek week : pending) {
                runs.add(workers.submit(() -> score(week, watermark)));
            }
            RuntimeException failure = null;
            for (Future<?> run : runs) {
                try {
                    run.get();
                    scored++;
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while scoring", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    private void score(ScoringWeek pending, Instant watermark) {
        long started = System.nanoTime();
        boolean settled = weeks.settled(pending.week, watermark);
        WeekLoader.LoadedWeek loaded = loader.load(pending.week);
        WeekActivity week = loaded.activity();
        long loadedAt = System.nanoTime();
        Linker.Links links = Linker.link(week, loaded.outcomes());
        long linkedAt = System.nanoTime();
        List<FlagDraft> flags = new ArrayList<>();
        if (settled) {
            for (Detector detector : detectors) {
                long detectorStarted = System.nanoTime();
                flags.addAll(detector.detect(week));
                Log.debugf("%s judged the week of %s in %d ms", detector.name(), pending.week, millisSince(detectorStarted));
            }
        }
        long detectedAt = System.nanoTime();
        writer.write(week, loaded.outcomes(), links, flags, pending.dirtyVersion, settled);
        Log.infof("Scored the week of %s: %d usage events, %d outcomes linked, %d flags%s; load %d ms, link %d ms,"
                + " detect %d ms, store %d ms", pending.week, week.size(), links.outcomes().size(), flags.size(),
                settled ? "" : " (not settled yet: detectors wait)", (loadedAt - started) / 1_000_000,
                (linkedAt - loadedAt) / 1_000_000, (detectedAt - linkedAt) / 1_000_000, millisSince(detectedAt));
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
