package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** The development overlay: one of everything, a shared PostgreSQL, Keycloak with the checked-in realm. */
class DevOverlayTest {

    private final RenderedOverlay dev = RenderedOverlay.of("dev");

    @Test
    void runsOneReplicaOfEverything() {
        for (RenderedOverlay.Workload workload : dev.workloads()) {
            assertEquals(1, workload.replicas(), workload.name());
        }
        assertEquals(5, dev.workloads().size(), "three services, PostgreSQL, Keycloak");
        assertTrue(dev.postgresClusters().isEmpty(), "no CloudNativePG in development");
    }

    @Test
    void keycloakImportsTheRealmFileThatTheScriptsUse() {
        Deployment keycloak = dev.get(Deployment.class, "keycloak");
        Container container = keycloak.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(container.getArgs().contains("--import-realm"));
        String mountedVolume = container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/opt/keycloak/data/import")).findFirst()
                .orElseThrow().getName();
        Volume volume = keycloak.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mountedVolume)).findFirst().orElseThrow();
        ConfigMap realm = dev.configMap(volume.getConfigMap().getName()).orElseThrow();

        assertEquals(Repository.read("k8s/overlays/dev/keycloak/goodhart-realm.json"),
                realm.getData().get("goodhart-realm.json"));
    }

    @Test
    void servicesTrustTheInClusterKeycloakUnderTheIssuerItAnnounces() {
        Container keycloak = dev.get(Deployment.class, "keycloak").getSpec().getTemplate().getSpec().getContainers()
                .get(0);
        String hostname = keycloak.getArgs().stream().filter(arg -> arg.startsWith("--hostname=")).findFirst()
                .orElseThrow().substring("--hostname=".length());
        for (GoodhartService service : GoodhartService.values()) {
            String issuer = WiringTest.setting(dev, service, "QUARKUS_OIDC_AUTH_SERVER_URL");
            assertEquals(hostname + "/realms/goodhart", issuer, service.deployment);
            URI url = URI.create(issuer);
            Service keycloakService = dev.get(Service.class, url.getHost());
            assertTrue(keycloakService.getSpec().getPorts().stream().anyMatch(port -> port.getPort() == url.getPort()));
        }
    }

    @Test
    void postgresqlCreatesTheDatabaseEachServiceConnectsTo() {
        StatefulSet postgresql = dev.get(StatefulSet.class, "postgresql");
        Container container = postgresql.getSpec().getTemplate().getSpec().getContainers().get(0);
        String initVolume = container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/docker-entrypoint-initdb.d")).findFirst()
                .orElseThrow().getName();
        ConfigMap init = dev.configMap(postgresql.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(initVolume)).findFirst().orElseThrow().getConfigMap().getName())
                .orElseThrow();
        String script = init.getData().values().iterator().next();
        assertTrue(script.contains("create database :\"role\" owner :\"role\""), script);

        Map<String, ContainerEnvironment.Source> postgresEnvironment = ContainerEnvironment.of(container, dev);
        for (GoodhartService service : GoodhartService.values()) {
            String word = service.deployment.substring(0, service.deployment.indexOf('-'));
            assertTrue(script.contains(word + ")"), "the script creates " + service.database());
            // The owner's password where it migrates and the one PostgreSQL sets for the owner come from the same key.
            assertEquals(PolicyDatabaseRolesTest.ownerPassword(dev, service),
                    postgresEnvironment.get("GOODHART_" + word.toUpperCase() + "_DB_PASSWORD"), service.deployment);
            String host = URI.create(WiringTest.setting(dev, service, "QUARKUS_DATASOURCE_JDBC_URL").substring(5))
                    .getHost();
            assertEquals("postgresql", dev.get(Service.class, host).getSpec().getSelector()
                    .get("app.kubernetes.io/name"), host + " leads to the PostgreSQL pod");
        }
    }

    /** Dev secrets are generated from development values that README documents, never from anything else. */
    @Test
    void everySecretHoldsADocumentedDevelopmentValue() {
        String readme = Repository.read("README.md");
        for (Secret secret : dev.all(Secret.class)) {
            assertNotNull(secret.getData(), secret.getMetadata().getName());
            secret.getData().forEach((key, encoded) -> {
                String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                assertTrue(readme.contains("`" + value + "`"), "README does not document " + value + " ("
                        + secret.getMetadata().getName() + "/" + key + ") as a development value");
            });
        }
    }
}
