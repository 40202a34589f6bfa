package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import dev.goodhart.k8s.ContainerEnvironment.FromSecret;
import dev.goodhart.k8s.ContainerEnvironment.Literal;
import dev.goodhart.k8s.ContainerEnvironment.Source;

/**
 * policy-service's audit log must be unchangeable by the service: it runs as a role that may only append to it, and
 * the owner's credentials, which could lift that, reach only the init container that migrates.
 */
class PolicyDatabaseRolesTest {

    private static final GoodhartService POLICY = GoodhartService.POLICY;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServiceRunsAsTheRuntimeRoleWithoutTheOwnersCredentials(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        Map<String, Source> service = ContainerEnvironment.of(serviceContainer(overlay), overlay);
        Map<String, Source> migrate = ContainerEnvironment.of(migrateContainer(overlay), overlay);
        String ownerSecret = ((FromSecret) migrate.get("QUARKUS_FLYWAY_PASSWORD")).secret();

        assertEquals(new Literal("false"), service.get("QUARKUS_FLYWAY_MIGRATE_AT_START"), "the service never migrates");
        service.forEach((name, source) -> assertFalse(source instanceof FromSecret secret
                && secret.secret().equals(ownerSecret), overlayName + ": the service reads " + name + " from the owner's "
                + ownerSecret));
        assertNotEquals(service.get("GOODHART_DB_PASSWORD"), migrate.get("QUARKUS_FLYWAY_PASSWORD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void anInitContainerOfTheSameImageMigratesAsTheOwnerForTheRuntimeRole(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        Container service = serviceContainer(overlay);
        Container migrate = migrateContainer(overlay);
        Map<String, Source> serviceEnvironment = ContainerEnvironment.of(service, overlay);
        Map<String, Source> environment = ContainerEnvironment.of(migrate, overlay);

        assertEquals(service.getImage(), migrate.getImage(), "the migrations are the ones the service was built with");
        assertEquals(new Literal("true"), environment.get("QUARKUS_INIT_AND_EXIT"), "migrates, then exits");
        assertFalse(environment.containsKey("QUARKUS_FLYWAY_MIGRATE_AT_START"), "migrate-at-start stays on");
        assertEquals(ownerPassword(overlay, POLICY), environment.get("QUARKUS_FLYWAY_PASSWORD"));
        FromSecret ownerName = assertInstanceOf(FromSecret.class, environment.get("QUARKUS_FLYWAY_USERNAME"));
        assertEquals("username", ownerName.key());
        // The migrations grant to the datasource user (quarkus.flyway.placeholders.runtimeRole): the service's.
        assertEquals(POLICY.runtimeRole(), WiringTest.value(environment, "QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(serviceEnvironment.get("QUARKUS_DATASOURCE_JDBC_URL"), environment.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals(serviceEnvironment.get("GOODHART_DB_PASSWORD"), environment.get("GOODHART_DB_PASSWORD"));
        assertTrue(environment.keySet().containsAll(WiringTest.requiredVariables(POLICY)),
                "the same start-up configuration as the service: " + environment.keySet());
    }

    @Test
    void cloudNativePgCreatesTheRuntimeRoleWithThePasswordTheServiceUses() {
        RenderedOverlay prod = RenderedOverlay.of("prod");
        GenericKubernetesResource cluster = prod.postgresClusters().stream()
                .filter(candidate -> POLICY.database().equals(candidate.get("spec", "bootstrap", "initdb", "owner")))
                .findFirst().orElseThrow();
        Map<String, Object> role = managedRoles(cluster).stream()
                .filter(candidate -> POLICY.runtimeRole().equals(candidate.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("policy-db manages no role " + POLICY.runtimeRole()));

        assertEquals("present", role.get("ensure"));
        assertEquals(Boolean.TRUE, role.get("login"));
        assertFalse(Boolean.TRUE.equals(role.get("superuser")) || Boolean.TRUE.equals(role.get("createrole")),
                "a role that could grant itself what the migrations withhold");
        Map<String, Source> service = ContainerEnvironment.of(serviceContainer(prod), prod);
        assertEquals(new FromSecret(passwordSecret(role), "password"), service.get("GOODHART_DB_PASSWORD"));
    }

    @Test
    void developmentPostgresqlCreatesTheRuntimeRoleWithThePasswordTheServiceUses() {
        RenderedOverlay dev = RenderedOverlay.of("dev");
        StatefulSet postgresql = dev.get(StatefulSet.class, "postgresql");
        PodSpec pod = postgresql.getSpec().getTemplate().getSpec();
        Map<String, Source> postgresEnvironment = ContainerEnvironment.of(pod.getContainers().get(0), dev);
        ConfigMap init = dev.all(ConfigMap.class).stream()
                .filter(configMap -> configMap.getData().containsKey("create-goodhart-databases.sh")).findFirst()
                .orElseThrow();
        String script = init.getData().get("create-goodhart-databases.sh");

        assertTrue(script.contains("-v role=" + POLICY.runtimeRole() + " -v password=\"$GOODHART_POLICY_APP_DB_PASSWORD\""),
                script);
        Map<String, Source> service = ContainerEnvironment.of(serviceContainer(dev), dev);
        assertEquals(service.get("GOODHART_DB_PASSWORD"), postgresEnvironment.get("GOODHART_POLICY_APP_DB_PASSWORD"));
    }

    /** Where the owner's password comes from: the container that migrates, which for most services is the service. */
    static Source ownerPassword(RenderedOverlay overlay, GoodhartService service) {
        PodSpec pod = overlay.deployment(service).getSpec().getTemplate().getSpec();
        if (service.runsAsOwner()) {
            return ContainerEnvironment.of(pod.getContainers().get(0), overlay).get("GOODHART_DB_PASSWORD");
        }
        return ContainerEnvironment.of(migrateContainer(overlay), overlay).get("QUARKUS_FLYWAY_PASSWORD");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> managedRoles(GenericKubernetesResource cluster) {
        Object roles = cluster.get("spec", "managed", "roles");
        return roles == null ? List.of() : (List<Map<String, Object>>) roles;
    }

    @SuppressWarnings("unchecked")
    static String passwordSecret(Map<String, Object> role) {
        return (String) ((Map<String, Object>) role.get("passwordSecret")).get("name");
    }

    private static Container serviceContainer(RenderedOverlay overlay) {
        return overlay.deployment(POLICY).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Container migrateContainer(RenderedOverlay overlay) {
        List<Container> init = overlay.deployment(POLICY).getSpec().getTemplate().getSpec().getInitContainers();
        assertEquals(List.of("migrate"), init.stream().map(Container::getName).toList(), overlay + " init containers");
        return init.get(0);
    }
}
