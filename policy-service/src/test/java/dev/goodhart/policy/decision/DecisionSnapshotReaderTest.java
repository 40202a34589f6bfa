package dev.goodhart.policy.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.goodhart.policy.agent.AgentService;
import dev.goodhart.policy.testing.OwnerSql;
import dev.goodhart.policy.testing.Registry;

/**
 * The snapshot reader answers concurrent decisions with shared queries: each decision must still get its own agent's
 * row and its own counts, and nothing older than the moment it asked.
 */
@QuarkusTest
class DecisionSnapshotReaderTest {

    @Inject
    DecisionSnapshotReader reader;

    @Inject
    AgentService agents;

    private static void count(String agent, String action, Instant minute, int allowed) {
        OwnerSql.execute("insert into decision_count (agent, action, minute, allowed) values (?, ?, ?, ?)", agent, action,
                Timestamp.from(minute.truncatedTo(ChronoUnit.MINUTES)), allowed);
    }

    @Test
    void concurrentDecisionsSharingQueriesEachGetTheirOwnAgentAndCounts() throws Exception {
        Registry.register("snap-low", "alice@example.com", "low");
        Registry.register("snap-high", "bob@example.com", "high");
        agents.suspend("snap-high", "test suspension", "ada@example.com");
        Instant now = Instant.now();
        Instant twoHoursAgo = now.minus(2, ChronoUnit.HOURS);
        count("snap-low", "deploy", now, 3);
        count("snap-low", "deploy", now.minus(3, ChronoUnit.DAYS), 100);
        count("snap-low", "send_email", now, 7);
        count("snap-low", "send_email", twoHoursAgo, 11);
        count("snap-high", "deploy", now, 5);
        boolean twoHoursAgoIsToday = !twoHoursAgo.isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());

        String[] agentIds = { "snap-low", "snap-high", "snap-nobody-registered" };
        String[] actions = { "deploy", "send_email" };
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DecisionSnapshot>> answers = new ArrayList<>();
            List<String[]> asked = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                String agent = agentIds[i % agentIds.length];
                String action = actions[(i / agentIds.length) % actions.length];
                asked.add(new String[] { agent, action });
                Callable<DecisionSnapshot> read = () -> {
                    start.await();
                    return reader.read(agent, action).join();
                };
                answers.add(pool.submit(read));
            }
            start.countDown();
            for (int i = 0; i < answers.size(); i++) {
                String agent = asked.get(i)[0];
                String action = asked.get(i)[1];
                DecisionSnapshot snapshot = answers.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(agent, snapshot.agent().id(), "request " + i);
                switch (agent) {
                    case "snap-low" -> {
                        assertEquals("alice@example.com", snapshot.agent().owner());
                        assertEquals("low", snapshot.agent().riskTier());
                        assertFalse(snapshot.suspended());
                        assertEquals(action.equals("deploy") ? 3 : 7, snapshot.recent().lastHour(), agent + " " + action);
                        assertEquals(action.equals("deploy") ? 3 : 7 + (twoHoursAgoIsToday ? 11 : 0), snapshot.recent().today(),
                                agent + " " + action);
                    }
                    case "snap-high" -> {
                        assertEquals("bob@example.com", snapshot.agent().owner());
                        assertEquals("high", snapshot.agent().riskTier());
                        assertTrue(snapshot.suspended());
                        assertTrue(snapshot.suspension().contains("test suspension"), snapshot.suspension());
                        assertEquals(action.equals("deploy") ? 5 : 0, snapshot.recent().lastHour(), agent + " " + action);
                    }
                    default -> {
                        assertFalse(snapshot.agent().registered());
                        assertNull(snapshot.agent().owner());
                        assertFalse(snapshot.suspended());
                        assertEquals(0, snapshot.recent().today());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            agents.resume("snap-high", "test");
        }
    }

    @Test
    void aSuspensionCommittedBeforeADecisionAskedIsSeenEvenWhileOtherReadsAreUnderWay() throws Exception {
        Registry.register("snap-kill", "carol@example.com", "low");
        AtomicBoolean busy = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                readers.add(load.submit(() -> {
                    while (busy.get()) {
                        reader.read("snap-kill", "deploy").join();
                    }
                    return null;
                }));
            }
            for (int round = 0; round < 25; round++) {
                agents.suspend("snap-kill", "round " + round, "ada@example.com");
                DecisionSnapshot suspended = reader.read("snap-kill", "deploy").join();
                assertTrue(suspended.suspended(), "round " + round + ": the suspension was committed before the read");
                assertTrue(suspended.suspension().contains("round " + round), suspended.suspension());
                agents.resume("snap-kill", "test");
                assertFalse(reader.read("snap-kill", "deploy").join().suspended(), "round " + round + ": resumed before the read");
            }
            busy.set(false);
            for (Future<?> background : readers) {
                background.get(30, TimeUnit.SECONDS);
            }
        } finally {
            busy.set(false);
            load.shutdownNow();
            agents.resume("snap-kill", "test");
        }
    }
}
