package dev.goodhart.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The sender against a stand-in for ingest-service and its token endpoint (a JDK HTTP server recording every request):
 * the directory goes first, in batches, with each member's teams and manager; events follow with the token.
 */
class IngestSenderTest {

    private static final Pattern EMAIL = Pattern.compile("\"email\":\"([^\"]+)\"");

    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    @BeforeEach
    void startIngest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> answer(exchange, "{\"access_token\":\"sim-token\",\"expires_in\":300}"));
        server.createContext("/v1/directory/people", exchange -> {
            String body = record(exchange);
            long entries = EMAIL.matcher(body).results().count();
            answer(exchange, "{\"upserted\":" + (entries - 1) + ",\"unchanged\":1,\"rejected\":[]}");
        });
        server.createContext("/v1/usage-events", exchange -> answer(exchange, stored(record(exchange))));
        server.createContext("/v1/outcomes", exchange -> answer(exchange, stored(record(exchange))));
        server.start();
    }

    @AfterEach
    void stopIngest() {
        server.stop(0);
    }

    @Test
    void theDirectoryGoesFirstWithTeamsAndManagers() throws Exception {
        Organisation organisation = Organisation.generate(OrgSpec.mixed(25, 1, LocalDate.of(2030, 6, 3), 5, 10));
        IngestSender sender = sender();

        // The first day's events are enough to see the order; the whole simulation in batches of ten takes a minute.
        List<SimEvent> firstEvents = new ArrayList<>();
        for (SimEvent event : organisation.events()) {
            if (firstEvents.size() == 200) {
                break;
            }
            firstEvents.add(event);
        }

        IngestSender.DirectoryTotals directory = sender.sendDirectory(organisation.members());
        IngestSender.Totals events = sender.send(firstEvents);

        // 25 people in batches of 10: 10, 10 and 5 entries, each answered with one of them unchanged.
        assertEquals(new IngestSender.DirectoryTotals(22, 3, 0), directory);
        List<String> directoryRequests = requests.stream().filter(request -> request.startsWith("/v1/directory")).toList();
        assertEquals(3, directoryRequests.size());
        assertTrue(requests.get(0).startsWith("/v1/directory/people Bearer sim-token "), requests.get(0));
        assertTrue(requests.subList(3, requests.size()).stream().noneMatch(request -> request.startsWith("/v1/directory")),
                "the whole directory precedes the events: " + requests);
        Member member = organisation.members().get(12);
        String entry = "{\"email\":\"" + member.email() + "\",\"teams\":[\"" + String.join("\",\"", member.teams())
                + "\"],\"primaryTeam\":\"" + member.team() + "\",\"manager\":\"" + member.manager() + "\",\"active\":true}";
        assertTrue(directoryRequests.get(1).contains(entry), directoryRequests.get(1));
        String head = "{\"email\":\"" + Organisation.ALICE + "\",\"teams\":[\"payments\"],\"primaryTeam\":\"payments\","
                + "\"active\":true}";
        assertTrue(directoryRequests.get(0).contains(head), "the head of the organisation has no manager");
        assertEquals(firstEvents.size(), events.stored());
        assertTrue(requests.size() >= 3 + 200 / 10, "events in batches of ten: " + requests.size());
    }

    @Test
    void refusedDirectoryEntriesAreCountedOncePerEntry() throws Exception {
        server.removeContext("/v1/directory/people");
        // Entry 0 is wrong in two fields, entry 3 in one: two entries refused, the other eight upserted.
        server.createContext("/v1/directory/people", exchange -> {
            record(exchange);
            answer(exchange, "{\"upserted\":8,\"unchanged\":0,\"rejected\":["
                    + "{\"index\":0,\"field\":\"email\",\"detail\":\"must be a well-formed email address\"},"
                    + "{\"index\":0,\"field\":\"primaryTeam\",\"detail\":\"must be one of teams\"},"
                    + "{\"index\":3,\"field\":\"manager\",\"detail\":\"size must be between 1 and 320\"}]}");
        });
        Organisation organisation = Organisation.generate(OrgSpec.mixed(10, 1, LocalDate.of(2030, 6, 3), 5, 10));

        IngestSender.DirectoryTotals directory = sender().sendDirectory(organisation.members());

        assertEquals(new IngestSender.DirectoryTotals(8, 0, 2), directory);
    }

    @Test
    void aRefusedDirectoryBatchStopsTheSendNamingTheAnswer() {
        server.removeContext("/v1/directory/people");
        server.createContext("/v1/directory/people", exchange -> {
            record(exchange);
            answer(exchange, 403, "application/problem+json", "{\"status\":403,\"title\":\"Forbidden\"}");
        });
        Organisation organisation = Organisation.generate(OrgSpec.mixed(25, 1, LocalDate.of(2030, 6, 3), 5, 10));

        IOException refused = assertThrows(IOException.class, () -> sender().sendDirectory(organisation.members()));

        assertTrue(refused.getMessage().contains("403 to POST /v1/directory/people"), refused.getMessage());
        assertEquals(1, requests.size(), "no further batch after a refusal: " + requests);
    }

    /** A sender to the stand-in, in batches of ten. */
    private IngestSender sender() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new IngestSender(base, base.resolve("/token"), "demo-source", "demo-source-secret", 10);
    }

    private String record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                + " " + body);
        return body;
    }

    /** Every event of the batch stored: one {@code "id"} per event. */
    private static String stored(String body) {
        Matcher ids = Pattern.compile("\\{\"id\":").matcher(body);
        return "{\"stored\":" + ids.results().count() + ",\"duplicates\":0,\"rejected\":[]}";
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        answer(exchange, 200, "application/json", body);
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
