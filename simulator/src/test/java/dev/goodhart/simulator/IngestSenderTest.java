package dev.goodhart.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        IngestSender sender = new IngestSender(base, base.resolve("/token"), "demo-source", "demo-source-secret", 10);

        IngestSender.DirectoryTotals directory = sender.sendDirectory(organisation.members());
        IngestSender.Totals events = sender.send(organisation.events());

        // 25 people in batches of 10: 10, 10 and 5 entries, each answered with one of them unchanged.
        assertEquals(new IngestSender.DirectoryTotals(22, 3, 0), directory);
        List<String> directoryRequests = requests.stream().filter(request -> request.startsWith("/v1/directory")).toList();
        assertEquals(3, directoryRequests.size());
        assertTrue(requests.get(0).startsWith("/v1/directory/people Bearer sim-token "), requests.get(0));
        assertTrue(requests.get(2).startsWith("/v1/directory/people"), "the whole directory precedes the events");
        Member member = organisation.members().get(12);
        String entry = "{\"email\":\"" + member.email() + "\",\"teams\":[\"" + String.join("\",\"", member.teams())
                + "\"],\"primaryTeam\":\"" + member.team() + "\",\"manager\":\"" + member.manager() + "\",\"active\":true}";
        assertTrue(directoryRequests.get(1).contains(entry), directoryRequests.get(1));
        String head = "{\"email\":\"" + Organisation.ALICE + "\",\"teams\":[\"payments\"],\"primaryTeam\":\"payments\","
                + "\"active\":true}";
        assertTrue(directoryRequests.get(0).contains(head), "the head of the organisation has no manager");

        long simulated = 0;
        for (SimEvent ignored : organisation.events()) {
            simulated++;
        }
        assertEquals(simulated, events.stored());
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
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
