package dev.goodhart.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.goodhart.common.testing.KeycloakTokens;
import dev.goodhart.common.testing.TestStack;

/**
 * The three services started once for all scenarios, from the jars the build just packaged, against empty databases
 * ({@code goodhart_<service>_e2e}, created by bin/test) and the Keycloak that bin/test started. Each service talks to
 * the others over HTTP with its own client-credentials token, as in a deployment.
 */
public final class GoodhartStack implements AutoCloseable {

    /** Development values, like the realm's identities; never used outside a local stack. */
    static final String PSEUDONYMISATION_KEY = "e2e-only-pseudonymisation-key-0123456789";
    public static final String GITHUB_WEBHOOK_SECRET = "e2e-only-github-webhook-secret";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final ServiceProcess ingest;
    private final ServiceProcess scoring;
    private final ServiceProcess policy;

    private GoodhartStack(ServiceProcess ingest, ServiceProcess scoring, ServiceProcess policy) {
        this.ingest = ingest;
        this.scoring = scoring;
        this.policy = policy;
    }

    static GoodhartStack start() {
        Path root = Path.of(System.getProperty("goodhart.root", ".."));
        Path logs = Path.of(System.getProperty("goodhart.e2e.logs", "target/e2e-logs"));
        int ingestPort = freePort();
        int scoringPort = freePort();
        int policyPort = freePort();
        String ingestUrl = "http://localhost:" + ingestPort;
        String scoringUrl = "http://localhost:" + scoringPort;

        Map<String, String> ingestEnvironment = common("ingest");
        ingestEnvironment.put("GOODHART_PSEUDONYMISATION_KEY", PSEUDONYMISATION_KEY);
        ingestEnvironment.put("GOODHART_GITHUB_WEBHOOK_SECRET", GITHUB_WEBHOOK_SECRET);

        Map<String, String> scoringEnvironment = common("scoring");
        scoringEnvironment.put("GOODHART_PSEUDONYMISATION_KEY", PSEUDONYMISATION_KEY);
        scoringEnvironment.put("GOODHART_INGEST_URL", ingestUrl);
        scoringEnvironment.put("GOODHART_OIDC_CLIENT_ID", "scoring-service");
        scoringEnvironment.put("GOODHART_OIDC_CLIENT_SECRET", "scoring-service-secret");
        // Scenarios wait for scores: poll the feed and rescore far more often than in production.
        scoringEnvironment.put("GOODHART_SCORING_FEED_POLL_INTERVAL", "1s");
        scoringEnvironment.put("GOODHART_SCORING_RUNS_MIN_INTERVAL", "PT2S");

        Map<String, String> policyEnvironment = common("policy");
        // Migrations run as the owner; the service as a role that can append to the audit log but never change it.
        policyEnvironment.put("QUARKUS_FLYWAY_USERNAME", "goodhart_policy");
        policyEnvironment.put("QUARKUS_FLYWAY_PASSWORD", "goodhart_policy");
        policyEnvironment.put("QUARKUS_DATASOURCE_USERNAME", "goodhart_policy_app");
        policyEnvironment.put("GOODHART_DB_PASSWORD", "goodhart_policy_app");
        policyEnvironment.put("GOODHART_SCORING_URL", scoringUrl);
        policyEnvironment.put("GOODHART_OIDC_CLIENT_ID", "policy-service");
        policyEnvironment.put("GOODHART_OIDC_CLIENT_SECRET", "policy-service-secret");

        KeycloakTokens.client("demo-source"); // waits for the realm: the services validate tokens against it
        List<ServiceProcess> started = List.of(
                ServiceProcess.start("ingest-service", jar(root, "ingest"), ingestPort, ingestEnvironment, logs),
                ServiceProcess.start("scoring-service", jar(root, "scoring"), scoringPort, scoringEnvironment, logs),
                ServiceProcess.start("policy-service", jar(root, "policy"), policyPort, policyEnvironment, logs));
        try {
            started.forEach(service -> service.awaitReady(READY_TIMEOUT));
        } catch (RuntimeException e) {
            started.forEach(ServiceProcess::close);
            throw e;
        }
        return new GoodhartStack(started.get(0), started.get(1), started.get(2));
    }

    public String ingestUrl() {
        return ingest.baseUrl();
    }

    public String scoringUrl() {
        return scoring.baseUrl();
    }

    public String policyUrl() {
        return policy.baseUrl();
    }

    @Override
    public void close() {
        policy.close();
        scoring.close();
        ingest.close();
    }

    private static Map<String, String> common(String service) {
        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:" + TestStack.postgresPort() + "/goodhart_" + service + "_e2e");
        environment.put("QUARKUS_DATASOURCE_USERNAME", "goodhart_" + service);
        environment.put("GOODHART_DB_PASSWORD", "goodhart_" + service);
        environment.put("QUARKUS_OIDC_AUTH_SERVER_URL", KeycloakTokens.issuer());
        return environment;
    }

    private static Path jar(Path root, String service) {
        return root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
