package dev.goodhart.simulator;

import java.io.IOException;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar goodhart-simulator.jar COMMAND [--option value]…}
 *
 * <pre>
 *   summary      who is in the organisation and how many events it makes
 *   labels       the ground truth as JSON: behaviours per person (e-mail) and per agent
 *   send         sends the organisation through ingest-service: its directory, then its events (native API)
 *   feed-server  serves the organisation as a synthetic ingest feed (bench/scoring); with --held true it serves an
 *                empty feed until POST /control/release
 * </pre>
 *
 * Organisation options: {@code --people 40 --weeks 4 --seed 42 --team-size 10 --start YYYY-MM-DD} (a Monday; by
 * default the simulation ends on the Monday a week before this one, so that every simulated week is settled).
 */
public final class Main {

    private static final String DEV_PSEUDONYMISATION_KEY = "dev-only-pseudonymisation-key-not-for-production";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("--")) {
            usage("a command is required");
        }
        Map<String, String> options = options(args);
        Organisation organisation = Organisation.generate(spec(options));
        try {
            switch (args[0]) {
                case "summary" -> summary(organisation);
                case "labels" -> labels(organisation);
                case "send" -> send(organisation, options);
                case "feed-server" -> feedServer(organisation, options);
                default -> usage("unknown command " + args[0]);
            }
        } catch (IOException e) {
            System.err.println("simulator: " + e.getMessage());
            System.exit(1);
        }
    }

    static OrgSpec spec(Map<String, String> options) {
        int weeks = Integer.parseInt(options.getOrDefault("weeks", "4"));
        LocalDate thisMonday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate start = options.containsKey("start") ? LocalDate.parse(options.get("start"))
                : thisMonday.minusWeeks(weeks + 1L);
        return OrgSpec.mixed(Integer.parseInt(options.getOrDefault("people", "40")), weeks, start,
                Long.parseLong(options.getOrDefault("seed", "42")), Integer.parseInt(options.getOrDefault("team-size", "10")));
    }

    private static void summary(Organisation organisation) {
        OrgSpec spec = organisation.spec();
        Map<Archetype, Integer> people = new TreeMap<>();
        organisation.members().forEach(member -> people.merge(member.archetype(), 1, Integer::sum));
        long usage = 0;
        long outcomes = 0;
        long tokens = 0;
        for (SimEvent event : organisation.events()) {
            if (event instanceof SimEvent.Usage use) {
                usage++;
                tokens += use.tokens();
            } else {
                outcomes++;
            }
        }
        System.out.printf("organisation: %d people in %d teams, %d weeks from %s (seed %d)%n", spec.people(),
                organisation.members().stream().map(Member::team).distinct().count(), spec.weeks(), spec.start(), spec.seed());
        people.forEach((archetype, count) -> System.out.printf("  %-18s %d%n", archetype, count));
        System.out.printf("events: %d usage (%d tokens), %d outcomes and context events%n", usage, tokens, outcomes);
    }

    private static void labels(Organisation organisation) {
        StringBuilder out = new StringBuilder("{\"people\":{");
        boolean first = true;
        for (Member member : organisation.members()) {
            out.append(first ? "" : ",").append('"').append(member.email()).append("\":{\"archetype\":\"")
                    .append(member.archetype()).append("\",\"team\":\"").append(member.team()).append("\",\"behaviours\":")
                    .append(names(member.archetype().personBehaviours())).append('}');
            first = false;
        }
        out.append("},\"agents\":{");
        first = true;
        for (Member member : organisation.members()) {
            if (member.agentId() != null) {
                out.append(first ? "" : ",").append('"').append(member.agentId()).append("\":{\"owner\":\"")
                        .append(member.email()).append("\",\"behaviours\":").append(names(member.archetype().agentBehaviours()))
                        .append('}');
                first = false;
            }
        }
        System.out.println(out.append("}}"));
    }

    private static void send(Organisation organisation, Map<String, String> options) throws Exception {
        URI ingest = URI.create(options.getOrDefault("ingest", "http://localhost:8081"));
        URI token = URI.create(options.getOrDefault("issuer", "http://localhost:8180/realms/goodhart")
                + "/protocol/openid-connect/token");
        String client = options.getOrDefault("client-id", "demo-source");
        IngestSender sender = new IngestSender(ingest, token, client,
                options.getOrDefault("client-secret", client + "-secret"), Integer.parseInt(options.getOrDefault("batch", "500")));
        long started = System.nanoTime();
        IngestSender.DirectoryTotals directory = sender.sendDirectory(organisation.members());
        IngestSender.Totals totals = sender.send(organisation.events());
        System.out.printf("sent to %s in %.1f s: %d stored, %d duplicates, %d rejected; directory: %d people upserted,"
                + " %d unchanged, %d rejected%n", ingest, (System.nanoTime() - started) / 1e9, totals.stored(),
                totals.duplicates(), totals.rejected(), directory.upserted(), directory.unchanged(), directory.rejected());
    }

    private static void feedServer(Organisation organisation, Map<String, String> options) throws Exception {
        FeedStream stream = new FeedStream(organisation,
                new FeedFormat(options.getOrDefault("pseudonymisation-key", DEV_PSEUDONYMISATION_KEY)));
        FeedServer server = new FeedServer(stream, Integer.parseInt(options.getOrDefault("port", "0")),
                Boolean.parseBoolean(options.getOrDefault("held", "false")));
        server.start();
        System.out.println("feed-server: listening on port " + server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        new CountDownLatch(1).await();
    }

    private static String names(Iterable<Behaviour> behaviours) {
        StringBuilder out = new StringBuilder("[");
        for (Behaviour behaviour : behaviours) {
            out.append(out.length() > 1 ? "," : "").append('"').append(behaviour.detector()).append('"');
        }
        return out.append(']').toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("options come in pairs: --name value (at " + args[i] + ")");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void usage(String problem) {
        System.err.println("simulator: " + problem);
        System.err.println("usage: java -jar goodhart-simulator.jar summary|labels|send|feed-server [--people N] [--weeks N]"
                + " [--seed N] [--team-size N] [--start YYYY-MM-DD] [--ingest URL] [--issuer URL] [--client-id ID]"
                + " [--client-secret S] [--port P] [--held true] [--pseudonymisation-key K]");
        System.exit(2);
    }
}
