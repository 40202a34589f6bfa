package dev.goodhart.k8s;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The three services and the environment each is deployed with (the deployment settings every session relies on). */
enum GoodhartService {

    INGEST("ingest-service", 8081,
            Set.of("GOODHART_PSEUDONYMISATION_KEY", "GOODHART_GITHUB_WEBHOOK_SECRET")),
    SCORING("scoring-service", 8082,
            Set.of("GOODHART_PSEUDONYMISATION_KEY", "GOODHART_INGEST_URL", "GOODHART_OIDC_CLIENT_ID",
                    "GOODHART_OIDC_CLIENT_SECRET")),
    // The service does not migrate: its migrate init container does, as the database owner.
    POLICY("policy-service", 8083,
            Set.of("GOODHART_SCORING_URL", "GOODHART_OIDC_CLIENT_ID", "GOODHART_OIDC_CLIENT_SECRET",
                    "QUARKUS_FLYWAY_MIGRATE_AT_START"));

    static final Set<String> COMMON_SETTINGS = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "GOODHART_DB_PASSWORD", "QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_TOKEN_AUDIENCE");

    /** Settings that must come from a Secret, never from a literal or a ConfigMap. */
    static final Set<String> SECRET_SETTINGS = Set.of("GOODHART_DB_PASSWORD", "GOODHART_PSEUDONYMISATION_KEY",
            "GOODHART_GITHUB_WEBHOOK_SECRET", "GOODHART_OIDC_CLIENT_SECRET");

    final String deployment;
    final int port;
    private final Set<String> ownSettings;

    GoodhartService(String deployment, int port, Set<String> ownSettings) {
        this.deployment = deployment;
        this.port = port;
        this.ownSettings = ownSettings;
    }

    Set<String> settings() {
        return Stream.concat(COMMON_SETTINGS.stream(), ownSettings.stream()).collect(Collectors.toSet());
    }

    /** The name of the service's database (and of its owner role): goodhart_ingest, ... */
    String database() {
        return "goodhart_" + deployment.substring(0, deployment.indexOf('-'));
    }

    /**
     * The role the service connects as. policy-service's may append to its audit log but never change it, so it is not
     * the owner; the others run as their database's owner.
     */
    String runtimeRole() {
        return this == POLICY ? database() + "_app" : database();
    }

    boolean runsAsOwner() {
        return runtimeRole().equals(database());
    }

    String applicationProperties() {
        return deployment + "/src/main/resources/application.properties";
    }
}
