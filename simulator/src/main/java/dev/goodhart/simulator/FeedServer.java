package dev.goodhart.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast synthetic stand-in for ingest-service's {@code GET /v1/feed}, for bench/scoring: it renders the simulated
 * organisation as contract-shaped pages on demand, so that scoring-service can be measured on ten million events
 * without first ingesting them. It insists on a bearer token (the consumer really obtains one) but does not verify it:
 * it is a benchmark fixture, never a service. Started with {@code held}, it serves an empty feed until
 * {@code POST /control/release}, so that a benchmark can start its clock after the consumer is up.
 */
public final class FeedServer {

    private static final int MAX_LIMIT = 10_000;

    private final FeedStream stream;
    private final HttpServer server;
    private volatile boolean announcedEnd;
    private volatile boolean held;

    public FeedServer(FeedStream stream, int port, boolean held) throws IOException {
        this.stream = stream;
        this.held = held;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/v1/feed", this::feed);
        server.createContext("/control/release", this::release);
        server.setExecutor(Executors.newFixedThreadPool(2));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void start() {
        server.start();
    }

    public void stop() {
        server.stop(0);
    }

    private void feed(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                respond(exchange, 401, "{\"status\":401,\"detail\":\"bearer token required\"}");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            long offset;
            int limit;
            try {
                offset = FeedStream.offset(query.get("after"));
                limit = Math.min(MAX_LIMIT, Integer.parseInt(query.getOrDefault("limit", "1000")));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, "{\"status\":400,\"detail\":\"" + e.getMessage().replace('"', '\'') + "\"}");
                return;
            }
            if (held) {
                respond(exchange, 200, "{\"events\":[],\"next\":\"" + FeedStream.cursor(offset) + "\",\"hasMore\":false}");
                return;
            }
            String page = stream.page(offset, limit, System.currentTimeMillis());
            if (!announcedEnd && page.endsWith("\"hasMore\":false}")) {
                announcedEnd = true;
                System.out.println("feed-server: served the last page (" + page.substring(page.lastIndexOf("\"next\":")) + ")");
            }
            respond(exchange, 200, page);
        }
    }

    private void release(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"status\":405}");
                return;
            }
            held = false;
            System.out.println("feed-server: released");
            respond(exchange, 200, "{\"released\":true}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
