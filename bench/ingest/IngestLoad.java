import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load client for bench/ingest (run with `java IngestLoad.java MODE ...`, no build needed):
 *   setup DIR N KEY      a signing key (DIR/public-key), a usage-writer token (DIR/token), and the N benchmark
 *                        events both as COPY rows (DIR/copy.tsv, as the service stores them) and as JSON batches
 *   batches URL DIR N SIZE CLIENTS
 *                        posts the N events as JSON arrays of SIZE events from CLIENTS concurrent clients
 */
public class IngestLoad {

    private static final Instant BASE = Instant.now().minus(Duration.ofHours(2));
    private static final String[] TEAMS = { "payments", "platform", "search", "mobile", "data" };
    private static final String[] MODELS = { "claude-sonnet-4", "gpt-4.1", "gemini-2.5-pro" };

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> setup(Path.of(args[1]), Integer.parseInt(args[2]), args[3]);
            case "batches" -> batches(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    record Event(String id, Instant occurredAt, String person, String team, String model, long input, long cacheRead,
            long output, String cost, String session) {

        static Event number(long i) {
            return new Event("bench-" + i, BASE.plusMillis(i % 3_600_000), "person" + (i % 500) + "@example.com",
                    TEAMS[(int) (i % TEAMS.length)], MODELS[(int) (i % MODELS.length)], 200 + i % 1000, i % 3 * 500,
                    50 + i % 400, "0.00" + (10 + i % 89), "s-" + (i / 7));
        }

        String json() {
            return "{\"id\":\"" + id + "\",\"occurredAt\":\"" + occurredAt + "\",\"person\":\"" + person
                    + "\",\"team\":\"" + team + "\",\"provider\":\"anthropic\",\"model\":\"" + model
                    + "\",\"operation\":\"chat\",\"inputTokens\":" + input + ",\"cacheReadTokens\":" + cacheRead
                    + ",\"outputTokens\":" + output + ",\"costUsd\":" + cost + ",\"sessionId\":\"" + session
                    + "\",\"trigger\":\"human\"}";
        }

        /** The row exactly as the service's COPY writes it (same columns, pseudonymised person). */
        String copyRow(Mac hmac) {
            String personKey = HexFormat.of().formatHex(hmac.doFinal(person.getBytes(StandardCharsets.UTF_8)));
            return String.join("\t", id, "native", occurredAt.toString(), personKey, team, "\\N", "anthropic", model,
                    "chat", Long.toString(input), Long.toString(cacheRead), "0", Long.toString(output), "0", cost, session,
                    "\\N", "\\N", "human", "\\N", "\\N", "\\N", "\\N", "{}");
        }
    }

    static void setup(Path dir, int n, String pseudonymisationKey) throws Exception {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Files.writeString(dir.resolve("public-key"), Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"goodhart-bench\",\"aud\":\"goodhart\",\"sub\":\"bench-source\",\"azp\":\"bench-source\","
                + "\"iat\":" + now + ",\"exp\":" + (now + 6 * 3600)
                + ",\"groups\":[\"usage-writer\"],\"realm_access\":{\"roles\":[\"usage-writer\"]}}");
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("token"),
                header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()));
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(pseudonymisationKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        try (BufferedWriter copy = Files.newBufferedWriter(dir.resolve("copy.tsv"))) {
            for (long i = 0; i < n; i++) {
                copy.write(Event.number(i).copyRow(hmac));
                copy.write('\n');
            }
        }
    }

    static void batches(String url, Path dir, int n, int size, int clients) throws Exception {
        String token = Files.readString(dir.resolve("token")).trim();
        List<String> bodies = new ArrayList<>();
        for (int start = 0; start < n; start += size) {
            StringBuilder body = new StringBuilder(size * 330).append('[');
            for (int i = start; i < Math.min(n, start + size); i++) {
                body.append(i == start ? "" : ",").append(Event.number(i).json());
            }
            bodies.add(body.append(']').toString());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicLong stored = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < bodies.size(); b = next.getAndIncrement()) {
                    HttpResponse<String> answer = http.send(post(url, token, bodies.get(b)), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        failures.incrementAndGet();
                        System.err.println("batch " + b + ": " + answer.statusCode() + " " + answer.body());
                    } else {
                        stored.addAndGet(Long.parseLong(answer.body().replaceAll(".*\"stored\":(\\d+).*", "$1")));
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "batches events=%d stored=%d failures=%d seconds=%.3f events_per_second=%.0f%n",
                n, stored.get(), failures.get(), seconds, n / seconds);
    }

    private static HttpRequest post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
