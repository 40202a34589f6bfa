package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import dev.goodhart.k8s.ContainerEnvironment.FromSecret;

/** The production overlay: redundancy, autoscaling, CloudNativePG, an external issuer, and no secret in git. */
class ProdOverlayTest {

    private static final Pattern CREATE_SECRET = Pattern.compile("kubectl -n goodhart create secret generic (\\S+)((?:\\s+--from-(?:literal|file)=[^\\s=]+=\\S+)+)");
    private static final Pattern SECRET_KEY = Pattern.compile("--from-(?:literal|file)=([^\\s=]+)=");

    private final RenderedOverlay prod = RenderedOverlay.of("prod");

    @Test
    void everyServiceRunsAtLeastTwoPodsAndSurvivesADrain() {
        for (GoodhartService service : GoodhartService.values()) {
            Deployment deployment = prod.deployment(service);
            int replicas = prod.find(HorizontalPodAutoscaler.class, service.deployment)
                    .map(hpa -> hpa.getSpec().getMinReplicas())
                    .orElseGet(() -> deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas());
            assertTrue(replicas >= 2, service.deployment + " runs " + replicas + " pod(s)");

            PodDisruptionBudget budget = prod.get(PodDisruptionBudget.class, service.deployment);
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                    budget.getSpec().getSelector().getMatchLabels(), service.deployment + " budget selector");
            int minAvailable = budget.getSpec().getMinAvailable().getIntVal();
            assertTrue(minAvailable >= 1 && minAvailable < replicas, service.deployment + " budget " + minAvailable
                    + " of " + replicas + " either protects nothing or blocks every drain");
            assertFalse(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().isEmpty(),
                    service.deployment + " spreads over nodes");
        }
    }

    @Test
    void ingestAndPolicyScaleOnCpuAndScoringDoesNot() {
        for (GoodhartService service : List.of(GoodhartService.INGEST, GoodhartService.POLICY)) {
            HorizontalPodAutoscaler hpa = prod.get(HorizontalPodAutoscaler.class, service.deployment);
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(service.deployment, hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
            assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
            // An apply must not reset the replicas the autoscaler chose.
            assertEquals(null, prod.deployment(service).getSpec().getReplicas(), service.deployment + " replicas");
        }
        // scoring-service is one feed consumer: more pods would not pull the feed faster.
        assertTrue(prod.find(HorizontalPodAutoscaler.class, GoodhartService.SCORING.deployment).isEmpty());
        assertEquals(2, prod.deployment(GoodhartService.SCORING).getSpec().getReplicas());
    }

    @Test
    void eachServiceHasItsOwnHighlyAvailablePostgresqlCluster() {
        Map<String, GenericKubernetesResource> clusters = new HashMap<>();
        prod.postgresClusters().forEach(cluster -> clusters.put(cluster.getMetadata().getName(), cluster));
        assertEquals(3, clusters.size());
        for (GoodhartService service : GoodhartService.values()) {
            URI database = URI.create(WiringTest.setting(prod, service, "QUARKUS_DATASOURCE_JDBC_URL").substring(5));
            assertTrue(database.getHost().endsWith("-rw"), "JDBC URL names the cluster's read-write Service");
            String clusterName = database.getHost().substring(0, database.getHost().length() - "-rw".length());
            GenericKubernetesResource cluster = clusters.get(clusterName);
            assertTrue(cluster != null, service.deployment + " connects to " + clusterName + ", which is not deployed");

            int instances = cluster.get("spec", "instances");
            assertTrue(instances >= 2, clusterName + " has no standby");
            assertEquals(service.database(), cluster.get("spec", "bootstrap", "initdb", "database"));
            assertEquals(service.database(), cluster.get("spec", "bootstrap", "initdb", "owner"));

            WorkloadRulesTest.assertPinned(cluster.get("spec", "imageName"), clusterName);
            assertTrue(cluster.get("spec", "storage", "size") != null, clusterName + " storage size");
            assertTrue(cluster.get("spec", "resources", "limits", "memory") != null, clusterName + " memory limit");

            if (service.runsAsOwner()) {
                Container container = prod.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
                assertEquals(new FromSecret(clusterName + "-app", "password"),
                        ContainerEnvironment.of(container, prod).get("GOODHART_DB_PASSWORD"),
                        "the password CloudNativePG generates for the owner");
            }
        }
    }

    @Test
    void servicesTrustAnExternalIssuerOverHttps() {
        for (GoodhartService service : GoodhartService.values()) {
            URI issuer = URI.create(WiringTest.setting(prod, service, "QUARKUS_OIDC_AUTH_SERVER_URL"));
            assertEquals("https", issuer.getScheme(), service.deployment);
            assertTrue(issuer.getHost().contains("."), "an external host name, not an in-cluster Service");
            assertTrue(prod.find(Deployment.class, "keycloak").isEmpty(), "no development Keycloak");
        }
    }

    /** Secrets are referenced, never committed; README's kubectl commands create exactly the ones to provide. */
    @Test
    void noSecretIsCommittedAndReadmeCreatesEveryOneThatIsReferenced() {
        List<Secret> committed = prod.all(Secret.class);
        assertTrue(committed.isEmpty(), "prod commits secrets: " + committed.stream()
                .map(secret -> secret.getMetadata().getName()).toList());

        Set<String> generatedByCloudNativePg = new HashSet<>();
        prod.postgresClusters().forEach(cluster -> generatedByCloudNativePg.add(cluster.getMetadata().getName() + "-app"));
        Map<String, Set<String>> referenced = new TreeMap<>();
        // CloudNativePG reads a managed role's login from a basic-auth Secret: both keys.
        prod.postgresClusters().forEach(cluster -> PolicyDatabaseRolesTest.managedRoles(cluster).forEach(role ->
                referenced.computeIfAbsent(PolicyDatabaseRolesTest.passwordSecret(role), name -> new HashSet<>())
                        .addAll(Set.of("username", "password"))));
        for (RenderedOverlay.Workload workload : prod.workloads()) {
            for (Container container : workload.allContainers()) {
                ContainerEnvironment.of(container, prod).values().forEach(source -> {
                    if (source instanceof FromSecret secret && !generatedByCloudNativePg.contains(secret.secret())) {
                        referenced.computeIfAbsent(secret.secret(), name -> new HashSet<>()).add(secret.key());
                    }
                });
            }
        }
        assertEquals(referenced, documentedSecrets(Repository.read("README.md")));
    }

    private static Map<String, Set<String>> documentedSecrets(String readme) {
        Map<String, Set<String>> documented = new TreeMap<>();
        Matcher command = CREATE_SECRET.matcher(readme.replace("\\\n", " "));
        while (command.find()) {
            Set<String> keys = documented.computeIfAbsent(command.group(1), name -> new HashSet<>());
            Matcher key = SECRET_KEY.matcher(command.group(2));
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        return documented;
    }
}
