package dev.goodhart.ingest.feed;

import static dev.goodhart.ingest.support.TestEvents.outcome;
import static dev.goodhart.ingest.support.TestEvents.smallUsage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.ingest.BatchReader;
import dev.goodhart.ingest.ingest.WriteMode;
import dev.goodhart.ingest.support.FeedPages;
import dev.goodhart.ingest.usage.UsageEventRequest;
import dev.goodhart.ingest.usage.UsageEventService;

/**
 * The feed never skips an event while writers commit out of order. Slow writers open their transactions first (so they
 * hold the oldest transaction ids and the lowest sequence numbers), many HTTP writers commit after them, a reader pages
 * all along, and the slow writers then commit newest first, one rolls back. A feed ordered by sequence alone would
 * move past the slow writers' rows before they commit and never serve them.
 */
@QuarkusTest
class FeedOrderingResourceTest {

    private static final int SLOW_WRITERS = 4;
    private static final int SLOW_EVENTS = 5;
    private static final int HTTP_WRITERS = 6;
    private static final int BATCHES_PER_WRITER = 15;
    private static final int EVENTS_PER_BATCH = 20;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Inject
    UsageEventService usageEvents;

    @Inject
    BatchReader reader;

    @Test
    @TestSecurity(user = "test-pipeline", roles = { Roles.USAGE_WRITER, Roles.FEED_READER })
    void everyCommittedEventIsServedExactlyOnceWhateverTheCommitOrder() throws Exception {
        String run = "ord-" + System.nanoTime() + "-";
        String start = FeedPages.end();
        Set<String> expected = Collections.synchronizedSet(new HashSet<>());
        ExecutorService pool = Executors.newFixedThreadPool(SLOW_WRITERS + HTTP_WRITERS + 1);
        try {
            CountDownLatch slowWritersInside = new CountDownLatch(SLOW_WRITERS);
            List<CountDownLatch> commit = IntStream.range(0, SLOW_WRITERS).mapToObj(i -> new CountDownLatch(1)).toList();
            String rolledBackPrefix = run + "slow-0-";
            List<Future<?>> slow = new ArrayList<>();
            for (int w = 0; w < SLOW_WRITERS; w++) {
                int writer = w;
                List<String> ids = IntStream.range(0, SLOW_EVENTS).mapToObj(i -> run + "slow-" + writer + "-" + i).toList();
                if (writer != 0) {
                    expected.addAll(ids);
                }
                slow.add(pool.submit(() -> slowWriter(ids, writer == 0, slowWritersInside, commit.get(writer))));
                // One after the other, so that their transaction ids are in writer order.
                awaitCount(slowWritersInside, SLOW_WRITERS - writer - 1);
            }

            Map<String, Integer> seen = new HashMap<>();
            List<String> seenOrder = Collections.synchronizedList(new ArrayList<>());
            Future<Integer> pages = pool.submit(() -> readUntil(start, run, expected, seen, seenOrder));

            List<Future<?>> http = new ArrayList<>();
            for (int w = 0; w < HTTP_WRITERS; w++) {
                int writer = w;
                http.add(pool.submit(() -> httpWriter(run + "http-" + writer + "-", writer % 2 == 0, expected)));
            }
            for (Future<?> done : http) {
                done.get(60, TimeUnit.SECONDS);
            }
            int servedWhileSlowWritersOpen = seenOrder.size();

            // Newest first: the reader may only move on once the oldest open transaction has finished.
            for (int w = SLOW_WRITERS - 1; w >= 0; w--) {
                commit.get(w).countDown();
                slow.get(w).get(30, TimeUnit.SECONDS);
                Thread.sleep(50);
            }

            int pageCount = pages.get(DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
            assertEquals(0, servedWhileSlowWritersOpen,
                    "nothing written after the slow writers began may be served while they are open");
            assertTrue(pageCount > 1, "the reader paged while writers were writing");
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(seen.keySet());
            assertEquals(Set.of(), missing, "events never served");
            Map<String, Integer> repeated = seen.entrySet().stream().filter(entry -> entry.getValue() != 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertEquals(Map.of(), repeated, "events served more than once");
            assertTrue(seen.keySet().stream().noneMatch(id -> id.startsWith(rolledBackPrefix)),
                    "rolled-back events are never served");
            assertEquals(expected.size(), seenOrder.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stores its events through the real write path, then holds the transaction open until told to finish. */
    private void slowWriter(List<String> ids, boolean rollBack, CountDownLatch inside, CountDownLatch finish) {
        String body = ids.stream().map(id -> smallUsage(id)).collect(Collectors.joining(",", "[", "]"));
        Runnable work = () -> {
            usageEvents.ingest(reader.readJson(body.getBytes(StandardCharsets.UTF_8), UsageEventRequest.class),
                    BatchReader.NATIVE_SOURCE, WriteMode.ATOMIC);
            inside.countDown();
            await(finish);
            if (rollBack) {
                QuarkusTransaction.setRollbackOnly();
            }
        };
        try {
            QuarkusTransaction.requiringNew().timeout(120).run(work);
        } catch (QuarkusTransactionException e) {
            if (!rollBack) {
                throw e;
            }
        }
    }

    private static void httpWriter(String prefix, boolean outcomes, Set<String> expected) {
        for (int b = 0; b < BATCHES_PER_WRITER; b++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                ids.add(prefix + b + "-" + i);
            }
            String body = ids.stream().map(id -> outcomes ? outcome(id, "ticket_resolved") : smallUsage(id))
                    .collect(Collectors.joining(",", "[", "]"));
            expected.addAll(ids);
            given().contentType(ContentType.JSON).body(body).post(outcomes ? "/v1/outcomes" : "/v1/usage-events")
                    .then().statusCode(200).body("stored", equalTo(EVENTS_PER_BATCH));
        }
    }

    private static int readUntil(String start, String run, Set<String> expected, Map<String, Integer> seen,
            List<String> seenOrder) {
        Instant deadline = Instant.now().plus(DEADLINE);
        int expectedTotal = (SLOW_WRITERS - 1) * SLOW_EVENTS + HTTP_WRITERS * BATCHES_PER_WRITER * EVENTS_PER_BATCH;
        String cursor = start;
        int pages = 0;
        while (seen.keySet().stream().filter(id -> id.startsWith(run)).count() < expectedTotal
                && Instant.now().isBefore(deadline)) {
            JsonPath page = FeedPages.page(cursor, 37);
            pages++;
            List<String> ids = page.getList("events.id");
            for (String id : ids) {
                seen.merge(id, 1, Integer::sum);
                seenOrder.add(id);
            }
            cursor = page.getString("next");
            if (ids.isEmpty()) {
                sleep(20);
            }
        }
        return pages;
    }

    private static void awaitCount(CountDownLatch latch, long count) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (latch.getCount() > count && Instant.now().isBefore(deadline)) {
            sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
