package dev.goodhart.k8s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Evaluates Kubernetes NetworkPolicy semantics over the rendered policies: a connection is allowed when the source's
 * egress and the destination's ingress both allow it; a pod selected by no policy of a direction is not isolated in
 * that direction. Pods of other namespaces and outside addresses are described by {@link Endpoint}s; the source side
 * of a pod outside the goodhart namespace is not ours to restrict.
 */
final class NetworkReachability {

    /** A pod (labels set) or an outside address (labels null). */
    record Endpoint(String description, String namespace, Map<String, String> namespaceLabels,
            Map<String, String> podLabels, String ip, Map<String, Integer> namedPorts) {

        static Endpoint pod(String description, String namespace, Map<String, String> namespaceLabels,
                Map<String, String> podLabels, String ip, Map<String, Integer> namedPorts) {
            Map<String, String> withName = new HashMap<>(namespaceLabels);
            withName.put("kubernetes.io/metadata.name", namespace);
            return new Endpoint(description, namespace, withName, podLabels, ip, namedPorts);
        }

        static Endpoint outside(String description, String ip) {
            return new Endpoint(description, null, Map.of(), null, ip, Map.of());
        }

        boolean isPod() {
            return podLabels != null;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final List<NetworkPolicy> policies;
    private final Map<String, Endpoint> goodhartPods = new HashMap<>();

    NetworkReachability(RenderedOverlay overlay) {
        this.policies = overlay.all(NetworkPolicy.class);
        Map<String, String> namespaceLabels = overlay.get(Namespace.class, RenderedOverlay.NAMESPACE).getMetadata()
                .getLabels();
        int host = 10;
        for (RenderedOverlay.Workload workload : overlay.workloads()) {
            Map<String, Integer> ports = new HashMap<>();
            workload.template().getSpec().getContainers().forEach(container -> {
                for (ContainerPort port : container.getPorts()) {
                    if (port.getName() != null) {
                        ports.put(port.getName(), port.getContainerPort());
                    }
                }
            });
            goodhartPods.put(workload.name(), Endpoint.pod(workload.kind() + " " + workload.name(),
                    RenderedOverlay.NAMESPACE, namespaceLabels, workload.template().getMetadata().getLabels(),
                    "10.244.0." + host++, ports));
        }
        // CloudNativePG's instance pods do not appear in the rendering: they carry these labels.
        for (GenericKubernetesResource cluster : overlay.postgresClusters()) {
            String name = cluster.getMetadata().getName();
            goodhartPods.put(name, Endpoint.pod("PostgreSQL instance of " + name, RenderedOverlay.NAMESPACE,
                    namespaceLabels, Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance"),
                    "10.244.0." + host++, Map.of("postgresql", 5432, "status", 8000, "metrics", 9187)));
        }
    }

    /** A pod of this overlay: a Deployment's or StatefulSet's name, or a CloudNativePG cluster's name. */
    Endpoint pod(String workload) {
        Endpoint pod = goodhartPods.get(workload);
        if (pod == null) {
            throw new AssertionError("No workload " + workload + " in the rendering");
        }
        return pod;
    }

    List<Endpoint> pods() {
        return List.copyOf(goodhartPods.values());
    }

    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    boolean allowsTcp(Endpoint from, Endpoint to, int port) {
        return allows(from, to, port, "TCP");
    }

    /** Policies that select a pod of the goodhart namespace in the given direction. */
    List<NetworkPolicy> isolating(Endpoint pod, String direction) {
        List<NetworkPolicy> selecting = new ArrayList<>();
        if (!pod.isPod() || !RenderedOverlay.NAMESPACE.equals(pod.namespace())) {
            return selecting;
        }
        for (NetworkPolicy policy : policies) {
            if (selects(policy.getSpec().getPodSelector(), pod.podLabels()) && types(policy).contains(direction)) {
                selecting.add(policy);
            }
        }
        return selecting;
    }

    private boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        List<NetworkPolicy> selecting = isolating(from, "Egress");
        if (!from.isPod() || !RenderedOverlay.NAMESPACE.equals(from.namespace()) || selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(policy -> policy.getSpec().getEgress().stream())
                .anyMatch(rule -> peersMatch(rule.getTo(), to) && portsMatch(rule.getPorts(), to, port, protocol));
    }

    private boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        List<NetworkPolicy> selecting = isolating(to, "Ingress");
        if (!to.isPod() || !RenderedOverlay.NAMESPACE.equals(to.namespace()) || selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(policy -> policy.getSpec().getIngress().stream())
                .anyMatch(rule -> peersMatch(rule.getFrom(), from) && portsMatch(rule.getPorts(), to, port, protocol));
    }

    private static List<String> types(NetworkPolicy policy) {
        List<String> declared = policy.getSpec().getPolicyTypes();
        if (declared != null && !declared.isEmpty()) {
            return declared;
        }
        // Kubernetes' default: Ingress always, Egress when the policy has egress rules.
        return policy.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint other) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peerMatches(peer, other));
    }

    private static boolean peerMatches(NetworkPolicyPeer peer, Endpoint other) {
        if (peer.getIpBlock() != null) {
            return inBlock(peer.getIpBlock(), other.ip());
        }
        if (!other.isPod()) {
            return false;
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null
                ? RenderedOverlay.NAMESPACE.equals(other.namespace())
                : selects(peer.getNamespaceSelector(), other.namespaceLabels());
        return namespaceMatches && (peer.getPodSelector() == null || selects(peer.getPodSelector(), other.podLabels()));
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint destination, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort allowed : ports) {
            String allowedProtocol = allowed.getProtocol() == null ? "TCP" : allowed.getProtocol();
            if (!allowedProtocol.equals(protocol)) {
                continue;
            }
            IntOrString value = allowed.getPort();
            if (value == null) {
                return true;
            }
            int first = value.getIntVal() != null ? value.getIntVal()
                    : destination.namedPorts().getOrDefault(value.getStrVal(), -1);
            int last = allowed.getEndPort() == null ? first : allowed.getEndPort();
            if (port >= first && port <= last) {
                return true;
            }
        }
        return false;
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        for (Map.Entry<String, String> required : matchLabels.entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean matches = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("Unknown selector operator " + requirement.getOperator());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(IPBlock block, String ip) {
        if (ip == null || !contains(block.getCidr(), ip)) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> contains(except, ip));
    }

    static boolean contains(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (toLong(parts[0]) & mask) == (toLong(ip) & mask);
    }

    private static long toLong(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
