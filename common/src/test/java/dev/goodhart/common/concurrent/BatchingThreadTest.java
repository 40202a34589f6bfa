package dev.goodhart.common.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** The group-commit thread behind policy-service's audit writer and snapshot reader and ingest-service's group commit. */
class BatchingThreadTest {

    private record Work(int number, CompletableFuture<Integer> done) {
        Work(int number) {
            this(number, new CompletableFuture<>());
        }
    }

    @Test
    void workQueuedWhileAGroupIsHandledWaitsForTheNextGroupAndNoGroupExceedsTheMaximum() throws Exception {
        CountDownLatch firstGroupStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstGroup = new CountDownLatch(1);
        List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
        BatchingThread<Work> thread = startedThread("test-batches", 3, batch -> {
            groups.add(batch.stream().map(Work::number).toList());
            firstGroupStarted.countDown();
            await(releaseFirstGroup);
            batch.forEach(work -> work.done().complete(groups.size()));
        });
        try {
            Work first = new Work(0);
            thread.submit(first);
            assertTrue(firstGroupStarted.await(10, TimeUnit.SECONDS));
            List<Work> later = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                later.add(new Work(i));
                thread.submit(later.get(later.size() - 1));
            }
            releaseFirstGroup.countDown();

            assertEquals(1, first.done().get(10, TimeUnit.SECONDS), "the first group held only what was queued before it");
            for (Work work : later) {
                assertTrue(work.done().get(10, TimeUnit.SECONDS) > 1, "work " + work.number() + " joined a later group");
            }
            assertEquals(List.of(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7)), groups);
        } finally {
            releaseFirstGroup.countDown();
            thread.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void whileCallersAreConcurrentAGroupLingersForMoreWorkButALoneCallerNeverWaits() throws Exception {
        Duration linger = Duration.ofMillis(400);
        CountDownLatch firstGroupStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstGroup = new CountDownLatch(1);
        List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
        BatchingThread<Work> thread = new BatchingThread<>("test-linger", 10, linger, batch -> {
            groups.add(batch.stream().map(Work::number).toList());
            firstGroupStarted.countDown();
            await(releaseFirstGroup);
            batch.forEach(work -> work.done().complete(work.number()));
        }, (batch, e) -> batch.forEach(work -> work.done().completeExceptionally(e)));
        thread.start();
        try {
            long started = System.nanoTime();
            Work alone = new Work(1);
            thread.submit(alone);
            assertTrue(firstGroupStarted.await(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - started < linger.toNanos(), "a lone caller's group starts at once");
            Work second = new Work(2);
            Work third = new Work(3);
            thread.submit(second);
            thread.submit(third);
            releaseFirstGroup.countDown();
            third.done().get(10, TimeUnit.SECONDS);

            // The previous group held two: the next one waits for more after its first item.
            Work fourth = new Work(4);
            thread.submit(fourth);
            Thread.sleep(50);
            Work fifth = new Work(5);
            thread.submit(fifth);
            fifth.done().get(10, TimeUnit.SECONDS);

            assertEquals(List.of(List.of(1), List.of(2, 3), List.of(4, 5)), groups, "work arriving while a group lingered joined it");
        } finally {
            releaseFirstGroup.countDown();
            thread.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aGroupWhoseHandlerThrowsIsAnsweredAndTheThreadGoesOn() throws Exception {
        BatchingThread<Work> thread = startedThread("test-failures", 10, batch -> {
            if (batch.get(0).number() == 13) {
                throw new IllegalStateException("unlucky");
            }
            batch.forEach(work -> work.done().complete(work.number()));
        });
        try {
            Work unlucky = new Work(13);
            thread.submit(unlucky);
            assertTrue(unlucky.done().handle((value, e) -> e instanceof IllegalStateException).get(10, TimeUnit.SECONDS));
            Work next = new Work(14);
            thread.submit(next);
            assertEquals(14, next.done().get(10, TimeUnit.SECONDS));
        } finally {
            thread.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void stopHandsBackWhatTheThreadCouldNotHandleInTime() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchingThread<Work> thread = startedThread("test-stop", 1, batch -> {
            handling.countDown();
            await(release);
            batch.forEach(work -> work.done().complete(work.number()));
        });
        assertTrue(thread.running());
        Work stuck = new Work(1);
        thread.submit(stuck);
        assertTrue(handling.await(10, TimeUnit.SECONDS));
        Work waiting = new Work(2);
        thread.submit(waiting);

        List<Work> left = thread.stop(Duration.ofMillis(100));

        assertFalse(thread.running());
        assertEquals(List.of(waiting), left);
        release.countDown();
        assertEquals(1, stuck.done().get(10, TimeUnit.SECONDS));
        assertFalse(waiting.done().isDone(), "nobody handles what stop handed back");
    }

    /** A started thread whose unexpected failures fail the futures of their group. */
    private static BatchingThread<Work> startedThread(String name, int maxBatch, Consumer<List<Work>> handler) {
        BatchingThread<Work> thread = new BatchingThread<>(name, maxBatch, handler,
                (batch, e) -> batch.forEach(work -> work.done().completeExceptionally(e)));
        thread.start();
        return thread;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
