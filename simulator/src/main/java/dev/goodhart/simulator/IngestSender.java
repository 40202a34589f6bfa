package dev.goodhart.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a simulated organisation through ingest-service as its sources would: a client-credentials token (e.g.
 * {@code demo-source}), the members as directory entries to {@code POST /v1/directory/people} (an HR sync), then
 * events as JSON arrays to {@code POST /v1/usage-events} and {@code POST /v1/outcomes}.
 */
public final class IngestSender {

    private static final Pattern REJECTED_INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI ingest;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final int batchSize;
    private String token;

    public IngestSender(URI ingest, URI tokenEndpoint, String clientId, String clientSecret, int batchSize) {
        this.ingest = ingest;
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.batchSize = batchSize;
    }

    /** What ingest-service answered, summed over every batch. */
    public record Totals(long stored, long duplicates, long rejected) {
        Totals plus(Totals other) {
            return new Totals(stored + other.stored, duplicates + other.duplicates, rejected + other.rejected);
        }
    }

    /** What the directory answered, summed over every batch. */
    public record DirectoryTotals(long upserted, long unchanged, long rejected) {
        DirectoryTotals plus(DirectoryTotals other) {
            return new DirectoryTotals(upserted + other.upserted, unchanged + other.unchanged, rejected + other.rejected);
        }
    }

    /** Every member with their teams and manager, so that team sizes count people who do not use AI too. */
    public DirectoryTotals sendDirectory(List<Member> members) throws IOException, InterruptedException {
        DirectoryTotals totals = new DirectoryTotals(0, 0, 0);
        for (int from = 0; from < members.size(); from += batchSize) {
            List<String> batch = members.subList(from, Math.min(members.size(), from + batchSize)).stream()
                    .map(NativeFormat::person).toList();
            String answer = post("/v1/directory/people", batch);
            totals = totals.plus(new DirectoryTotals(count(answer, "upserted"), count(answer, "unchanged"),
                    rejected(answer)));
        }
        return totals;
    }

    public Totals send(Iterable<SimEvent> events) throws IOException, InterruptedException {
        List<String> usage = new ArrayList<>(batchSize);
        List<String> outcomes = new ArrayList<>(batchSize);
        Totals totals = new Totals(0, 0, 0);
        for (SimEvent event : events) {
            if (event instanceof SimEvent.Usage use) {
                usage.add(NativeFormat.usage(use));
                if (usage.size() == batchSize) {
                    totals = totals.plus(postEvents("/v1/usage-events", usage));
                    usage.clear();
                }
            } else {
                outcomes.add(NativeFormat.outcome((SimEvent.Outcome) event));
                if (outcomes.size() == batchSize) {
                    totals = totals.plus(postEvents("/v1/outcomes", outcomes));
                    outcomes.clear();
                }
            }
        }
        if (!usage.isEmpty()) {
            totals = totals.plus(postEvents("/v1/usage-events", usage));
        }
        if (!outcomes.isEmpty()) {
            totals = totals.plus(postEvents("/v1/outcomes", outcomes));
        }
        return totals;
    }

    private Totals postEvents(String path, List<String> batch) throws IOException, InterruptedException {
        String answer = post(path, batch);
        return new Totals(count(answer, "stored"), count(answer, "duplicates"), rejected(answer));
    }

    /** POSTs a JSON array; returns the answer's body. */
    private String post(String path, List<String> batch) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(ingest.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", batch) + "]"))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 && attempt == 1) {
                token = null; // expired during a long run
                continue;
            }
            if ((response.statusCode() == 503 || response.statusCode() == 429) && attempt < 5) {
                Thread.sleep(1_000L * attempt);
                continue;
            }
            if (response.statusCode() / 100 != 2) {
                throw new IOException("ingest-service answered " + response.statusCode() + " to POST " + path + ": "
                        + abbreviate(response.body()));
            }
            return response.body();
        }
    }

    private String token() throws IOException, InterruptedException {
        if (token == null) {
            String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokenEndpoint)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 200 || !matcher.find()) {
                throw new IOException("no token for " + clientId + " from " + tokenEndpoint + ": " + abbreviate(response.body()));
            }
            token = matcher.group(1);
        }
        return token;
    }

    /** A count of a write answer, e.g. {@code "stored": 12}; 0 when absent. */
    private static long count(String body, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /**
     * Rejected items of a write answer. The answer lists one {@code "index"} per offending field, so an item with
     * several wrong fields appears several times: count its index once.
     */
    private static long rejected(String body) {
        return REJECTED_INDEX.matcher(body).results().map(match -> match.group(1)).distinct().count();
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
