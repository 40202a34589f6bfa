package dev.goodhart.common.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.quarkus.logging.Log;

/**
 * A daemon thread that handles queued work in groups: whenever it is free it takes everything waiting (up to a maximum)
 * and hands it to its handler at once, so that concurrent callers share one database round trip instead of queueing
 * for one each (group commit). Work queued while a group is being handled waits for the next group, so each item is
 * handled by a round trip that started after it was queued.
 *
 * <p>Optionally a group lingers: when the previous group held more than one item (callers are concurrent), the thread
 * waits a moment after the first item before it takes the rest, so that more of them share the round trip. A lone caller
 * never waits (its groups hold one item).
 *
 * @param <T> the queued work; it carries whatever its submitter waits on
 */
public final class BatchingThread<T> {

    private final String name;
    private final int maxBatch;
    private final long lingerNanos;
    private final Consumer<List<T>> handler;
    private final BiConsumer<List<T>, RuntimeException> onUnexpectedFailure;
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param handler handles a group; it answers every item of it, failures included
     * @param onUnexpectedFailure answers the items of a group whose handler threw, so that nobody waits for them in vain
     */
    public BatchingThread(String name, int maxBatch, Consumer<List<T>> handler,
            BiConsumer<List<T>, RuntimeException> onUnexpectedFailure) {
        this(name, maxBatch, Duration.ZERO, handler, onUnexpectedFailure);
    }

    /**
     * @param linger how long a group waits for more work after its first item while callers are concurrent (the
     *        previous group held more than one); zero never waits
     */
    public BatchingThread(String name, int maxBatch, Duration linger, Consumer<List<T>> handler,
            BiConsumer<List<T>, RuntimeException> onUnexpectedFailure) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.handler = handler;
        this.onUnexpectedFailure = onUnexpectedFailure;
    }

    public void start() {
        running = true;
        Thread started = new Thread(this::run, name);
        started.setDaemon(true);
        started.start();
        thread = started;
    }

    /**
     * Stops taking new groups once the queue is empty, waiting at most {@code wait} for the thread.
     *
     * @return the work that was still queued when the wait ended, which nobody will handle: answer it
     */
    public List<T> stop(Duration wait) throws InterruptedException {
        running = false;
        Thread stopping = thread;
        if (stopping != null) {
            stopping.join(wait.toMillis());
        }
        List<T> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }

    /** Whether queued work will be handled: between {@link #start()} and {@link #stop}. */
    public boolean running() {
        return running;
    }

    public void submit(T work) {
        queue.add(work);
    }

    private void run() {
        List<T> batch = new ArrayList<>();
        int previousGroup = 0;
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (lingerNanos > 0 && previousGroup > 1 && batch.size() < maxBatch) {
                    // One wait for the whole group, not a wake-up per arriving item.
                    LockSupport.parkNanos(lingerNanos);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                previousGroup = batch.size();
                handler.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.errorf(e, "%s failed unexpectedly", name);
                onUnexpectedFailure.accept(batch, e);
            } finally {
                batch.clear();
            }
        }
    }
}
