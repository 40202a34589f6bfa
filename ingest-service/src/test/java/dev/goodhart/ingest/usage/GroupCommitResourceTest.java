package dev.goodhart.ingest.usage;

import static dev.goodhart.ingest.support.TestEvents.newId;
import static dev.goodhart.ingest.support.TestEvents.smallUsage;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.goodhart.common.security.Roles;
import dev.goodhart.ingest.support.StoredRows;

/**
 * Group commit through the API: small requests that wait at the same time are written in one transaction, and each is
 * still answered with its own result. To make the grouping certain, the test holds a lock on the id table: the first
 * request's group waits for it, every request sent meanwhile queues, and they all go into the next group together.
 */
@QuarkusTest
class GroupCommitResourceTest {

    @Inject
    StoredRows rows;

    @Inject
    AgroalDataSource dataSource;

    private ExecutorService clients;

    @BeforeEach
    void startClients() {
        clients = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    private CompletableFuture<Response> post(String path, String body) {
        return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_8)).post(path).then().extract().response(), clients);
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void requestsOfOneGroupShareATransactionAndEachIsAnsweredWithItsOwnStoredAndDuplicateCounts() throws Exception {
        String prefix = newId("grouped");
        String known = prefix + "-known";
        String shared = prefix + "-shared";
        String repeated = prefix + "-repeated";
        List<String> singles = new ArrayList<>();
        List<CompletableFuture<Response>> singleAnswers = new ArrayList<>();
        List<CompletableFuture<Response>> sharedAnswers = new ArrayList<>();
        CompletableFuture<Response> knownAgain;
        CompletableFuture<Response> repeatedInOneRequest;
        CompletableFuture<Response> first;
        try (IdTableLock lock = new IdTableLock()) {
            first = post("/v1/usage-events", smallUsage(known));
            lock.awaitWaiters(1);
            for (int i = 0; i < 8; i++) {
                singles.add(prefix + "-single-" + i);
                singleAnswers.add(post("/v1/usage-events", smallUsage(singles.get(i))));
            }
            sharedAnswers.add(post("/v1/usage-events", smallUsage(shared)));
            sharedAnswers.add(post("/v1/usage-events", "[" + smallUsage(shared) + "]"));
            knownAgain = post("/v1/usage-events", smallUsage(known));
            repeatedInOneRequest = post("/v1/usage-events", "[" + smallUsage(repeated) + "," + smallUsage(repeated) + "]");
            // Every request of the next group is read, checked and queued while the first group waits.
            Thread.sleep(1500);
        }

        assertCounts(first.get(), 1, 0);
        for (CompletableFuture<Response> answer : singleAnswers) {
            assertCounts(answer.get(), 1, 0);
        }
        int sharedStored = 0;
        for (CompletableFuture<Response> answer : sharedAnswers) {
            Response response = answer.get();
            assertEquals(200, response.statusCode(), response.asString());
            sharedStored += (int) response.path("stored");
            assertEquals(1, (int) response.path("stored") + (int) response.path("duplicates"), response.asString());
        }
        assertEquals(1, sharedStored, "an id sent by two requests of one group is stored for exactly one of them");
        assertCounts(knownAgain.get(), 0, 1);
        assertCounts(repeatedInOneRequest.get(), 1, 1);

        for (String id : singles) {
            assertEquals(1, rows.count("usage_event", id), id);
        }
        assertEquals(1, rows.count("usage_event", shared));
        assertEquals(1, rows.count("usage_event", known));
        assertEquals(1, rows.count("usage_event", repeated));
        String queuedRows = "from usage_event where event_id like ? || '%' and event_id <> '" + known + "'";
        long stored = rows.number("select count(*) " + queuedRows, prefix);
        long transactions = rows.number("select count(distinct xact_id) " + queuedRows, prefix);
        assertEquals(singles.size() + 2, stored);
        assertTrue(transactions < stored, "the rows of the queued requests were written in " + transactions
                + " transactions, not one each");
    }

    @Test
    @TestSecurity(user = "demo-source", roles = Roles.USAGE_WRITER)
    void aRequestTheDatabaseRefusesFailsAloneAndTheOthersOfItsGroupAreStored() throws Exception {
        String prefix = newId("isolated");
        String refused = prefix + "-refused";
        execute("create function refuse_test_event() returns trigger language plpgsql as $$ begin"
                + " if new.event_id = '" + refused + "' then raise exception 'refused by the test'; end if;"
                + " return new; end $$");
        execute("create trigger refuse_test_event before insert on usage_event for each row"
                + " execute function refuse_test_event()");
        try {
            List<String> good = new ArrayList<>();
            List<CompletableFuture<Response>> goodAnswers = new ArrayList<>();
            CompletableFuture<Response> refusedAnswer;
            try (IdTableLock lock = new IdTableLock()) {
                goodAnswers.add(post("/v1/usage-events", smallUsage(prefix + "-first")));
                good.add(prefix + "-first");
                lock.awaitWaiters(1);
                for (int i = 0; i < 5; i++) {
                    good.add(prefix + "-good-" + i);
                    goodAnswers.add(post("/v1/usage-events", smallUsage(good.get(good.size() - 1))));
                }
                refusedAnswer = post("/v1/usage-events", smallUsage(refused));
                Thread.sleep(1500);
            }

            Response failed = refusedAnswer.get();
            assertEquals(500, failed.statusCode(), failed.asString());
            assertTrue(failed.asString().contains("incident"), failed.asString());
            for (CompletableFuture<Response> answer : goodAnswers) {
                assertCounts(answer.get(), 1, 0);
            }
            for (String id : good) {
                assertEquals(1, rows.count("usage_event", id), id);
            }
            assertEquals(0, rows.count("usage_event", refused));
            assertEquals(0, rows.count("event_key", refused), "the refused event's id is free again for a retry");
        } finally {
            execute("drop trigger refuse_test_event on usage_event");
            execute("drop function refuse_test_event()");
        }
        Response retried = given().contentType(ContentType.JSON).body(smallUsage(refused)).post("/v1/usage-events")
                .then().extract().response();
        assertCounts(retried, 1, 0);
    }

    private static void assertCounts(Response response, int stored, int duplicates) {
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(stored, (int) response.path("stored"), response.asString());
        assertEquals(duplicates, (int) response.path("duplicates"), response.asString());
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Holds a lock that every writer of new ids waits for, until closed. */
    private final class IdTableLock implements AutoCloseable {

        private final Connection connection;

        IdTableLock() throws SQLException {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("lock table event_key in share mode");
            }
        }

        void awaitWaiters(int count) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> rows.number("select count(*) from"
                    + " pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()", null) >= count);
        }

        @Override
        public void close() throws SQLException {
            connection.rollback();
            connection.close();
        }
    }
}
