package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

import dev.goodhart.k8s.NetworkReachability.Endpoint;

/**
 * Default deny, then exactly the paths the design needs: sources → ingest, scoring → ingest, policy → scoring,
 * people and agents through the gateway, each service → its database, the OIDC issuer and DNS.
 */
class NetworkPolicyTest {

    private static final Endpoint SOURCE_ON_THE_INTERNET = Endpoint.outside("a source on the internet", "203.0.113.10");
    private static final Endpoint OIDC_ISSUER = Endpoint.outside("the external OIDC issuer", "198.51.100.7");
    private static final Endpoint CLOUD_METADATA = Endpoint.outside("the cloud metadata endpoint", "169.254.169.254");
    private static final Endpoint KUBE_DNS = Endpoint.pod("kube-dns", "kube-system", Map.of(),
            Map.of("k8s-app", "kube-dns"), "10.96.0.10", Map.of());
    private static final Endpoint GATEWAY = Endpoint.pod("an ingress controller in a labelled namespace",
            "ingress-nginx", Map.of("goodhart.dev/api-client", "true"),
            Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.244.9.1", Map.of());
    private static final Endpoint STRANGER = Endpoint.pod("a pod of another, unlabelled namespace", "shop", Map.of(),
            Map.of("app", "shop"), "10.244.9.2", Map.of());
    private static final Endpoint CNPG_OPERATOR = Endpoint.pod("the CloudNativePG operator", "cnpg-system", Map.of(),
            Map.of("app.kubernetes.io/name", "cloudnative-pg"), "10.244.9.3", Map.of());

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everythingIsDeniedUnlessAllowed(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        NetworkPolicy denyAll = overlay.get(NetworkPolicy.class, "default-deny-all");
        assertTrue(denyAll.getSpec().getPodSelector().getMatchLabels() == null
                || denyAll.getSpec().getPodSelector().getMatchLabels().isEmpty(), "selects every pod");
        assertEquals(List.of("Ingress", "Egress"), denyAll.getSpec().getPolicyTypes());
        assertTrue(denyAll.getSpec().getIngress().isEmpty() && denyAll.getSpec().getEgress().isEmpty());

        NetworkReachability network = new NetworkReachability(overlay);
        for (Endpoint pod : network.pods()) {
            assertFalse(network.isolating(pod, "Ingress").isEmpty(), pod + " is not isolated for ingress");
            assertFalse(network.isolating(pod, "Egress").isEmpty(), pod + " is not isolated for egress");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPolicySelectsPodsThatExist(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        NetworkReachability network = new NetworkReachability(overlay);
        for (NetworkPolicy policy : overlay.all(NetworkPolicy.class)) {
            String at = overlayName + "/NetworkPolicy " + policy.getMetadata().getName();
            assertTrue(selectsSomePod(network, policy.getSpec().getPodSelector()), at + " selects no pod");
            Stream<NetworkPolicyPeer> peers = Stream.concat(
                    policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream()),
                    policy.getSpec().getEgress().stream().flatMap(rule -> rule.getTo().stream()));
            peers.filter(peer -> peer.getNamespaceSelector() == null && peer.getPodSelector() != null)
                    .forEach(peer -> assertTrue(selectsSomePod(network, peer.getPodSelector()),
                            at + " names peers " + peer.getPodSelector().getMatchLabels() + " that no pod has"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesTalkOnlyAlongTheDesignedPaths(String overlayName) {
        NetworkReachability network = new NetworkReachability(RenderedOverlay.of(overlayName));
        Endpoint ingest = network.pod("ingest-service");
        Endpoint scoring = network.pod("scoring-service");
        Endpoint policy = network.pod("policy-service");

        assertTrue(network.allowsTcp(scoring, ingest, 8081), "scoring-service reads the feed");
        assertTrue(network.allowsTcp(policy, scoring, 8082), "policy-service reads agent spend");
        assertFalse(network.allowsTcp(ingest, scoring, 8082), "ingest-service never calls scoring-service");
        assertFalse(network.allowsTcp(ingest, policy, 8083), "ingest-service never calls policy-service");
        assertFalse(network.allowsTcp(scoring, policy, 8083), "scoring-service never calls policy-service");
        assertFalse(network.allowsTcp(policy, ingest, 8081), "policy-service never calls ingest-service");

        assertTrue(network.allowsTcp(SOURCE_ON_THE_INTERNET, ingest, 8081), "sources send events");
        assertTrue(network.allowsTcp(STRANGER, ingest, 8081), "in-cluster sources send events");
        assertFalse(network.allowsTcp(SOURCE_ON_THE_INTERNET, scoring, 8082), "scoring only through the gateway");
        assertFalse(network.allowsTcp(SOURCE_ON_THE_INTERNET, policy, 8083), "policy only through the gateway");
        assertFalse(network.allowsTcp(STRANGER, scoring, 8082), "an unlabelled namespace cannot read scores");
        assertFalse(network.allowsTcp(STRANGER, policy, 8083), "an unlabelled namespace cannot ask decisions");
        assertTrue(network.allowsTcp(GATEWAY, scoring, 8082), "people reach scoring-service through the gateway");
        assertTrue(network.allowsTcp(GATEWAY, policy, 8083), "agents reach policy-service through the gateway");
        assertFalse(network.allowsTcp(GATEWAY, policy, 5432), "the gateway reaches only the HTTP port");

        for (Endpoint service : List.of(ingest, scoring, policy)) {
            assertTrue(network.allows(service, KUBE_DNS, 53, "UDP"), service + " resolves names");
            assertTrue(network.allows(service, KUBE_DNS, 53, "TCP"), service + " resolves long answers");
            assertFalse(network.allowsTcp(service, CLOUD_METADATA, 80), service + " reaches cloud metadata");
            assertFalse(network.allowsTcp(service, SOURCE_ON_THE_INTERNET, 80), service + " browses the web");
            assertFalse(network.allowsTcp(service, SOURCE_ON_THE_INTERNET, 5432), service + " reaches outside databases");
            assertFalse(network.allowsTcp(service, STRANGER, 8080), service + " reaches other namespaces");
        }
    }

    @Test
    void devServicesReachTheSharedPostgresqlAndKeycloakOnly() {
        NetworkReachability network = new NetworkReachability(RenderedOverlay.of("dev"));
        Endpoint postgresql = network.pod("postgresql");
        Endpoint keycloak = network.pod("keycloak");
        for (GoodhartService service : GoodhartService.values()) {
            Endpoint pod = network.pod(service.deployment);
            assertTrue(network.allowsTcp(pod, postgresql, 5432), service + " → PostgreSQL");
            assertTrue(network.allowsTcp(pod, keycloak, 8080), service + " → Keycloak");
            assertFalse(network.allowsTcp(pod, keycloak, 9000), service + " → Keycloak's management port");
            assertFalse(network.allowsTcp(pod, OIDC_ISSUER, 443), service + " → the internet");
        }
        assertFalse(network.allowsTcp(STRANGER, postgresql, 5432), "PostgreSQL is closed to other namespaces");
        assertFalse(network.allowsTcp(keycloak, postgresql, 5432), "Keycloak keeps its realm in memory");
        assertFalse(network.allowsTcp(postgresql, SOURCE_ON_THE_INTERNET, 443), "PostgreSQL never calls out");
        assertFalse(network.allowsTcp(keycloak, SOURCE_ON_THE_INTERNET, 443), "Keycloak never calls out");
    }

    @Test
    void prodServicesReachTheirOwnDatabaseAndTheIssuerOnly() {
        NetworkReachability network = new NetworkReachability(RenderedOverlay.of("prod"));
        for (GoodhartService service : GoodhartService.values()) {
            Endpoint pod = network.pod(service.deployment);
            String ownDatabase = service.deployment.replace("-service", "-db");
            for (GoodhartService other : GoodhartService.values()) {
                Endpoint database = network.pod(other.deployment.replace("-service", "-db"));
                assertEquals(other == service, network.allowsTcp(pod, database, 5432),
                        service.deployment + " → " + database + " on 5432");
            }
            assertFalse(network.allowsTcp(pod, network.pod(ownDatabase), 8000), service + " → instance status port");
            assertTrue(network.allowsTcp(pod, OIDC_ISSUER, 443), service + " → OIDC issuer over HTTPS");
            assertFalse(network.allowsTcp(pod, OIDC_ISSUER, 80), service + " → OIDC issuer over plain HTTP");
            assertFalse(network.allowsTcp(pod, CLOUD_METADATA, 443), service + " → cloud metadata over HTTPS");
        }
        Endpoint ingestDb = network.pod("ingest-db");
        Endpoint scoringDb = network.pod("scoring-db");
        assertTrue(network.allowsTcp(ingestDb, ingestDb, 5432), "instances of a cluster replicate");
        assertTrue(network.allowsTcp(CNPG_OPERATOR, ingestDb, 8000), "the operator reads instance status");
        assertTrue(network.allowsTcp(ingestDb, Endpoint.outside("the Kubernetes API", "10.0.0.1"), 443),
                "instances watch their Cluster");
        assertFalse(network.allowsTcp(ingestDb, scoringDb, 5432), "clusters stay apart");
        assertFalse(network.allowsTcp(STRANGER, ingestDb, 5432), "a database is closed to other namespaces");
        assertFalse(network.allowsTcp(GATEWAY, ingestDb, 5432), "a database is closed to the gateway");
    }

    private static boolean selectsSomePod(NetworkReachability network, LabelSelector selector) {
        return network.pods().stream().anyMatch(pod -> NetworkReachability.selects(selector, pod.podLabels()));
    }
}
