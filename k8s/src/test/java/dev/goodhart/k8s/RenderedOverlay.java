package dev.goodhart.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** One overlay as {@code kubectl apply -k} would send it, parsed strictly. Renderings are cached per test run. */
final class RenderedOverlay {

    static final String NAMESPACE = "goodhart";

    private static final Map<String, RenderedOverlay> CACHE = new ConcurrentHashMap<>();

    /** A Deployment's or StatefulSet's pods. */
    record Workload(String kind, String name, int replicas, PodTemplateSpec template) {

        /** Init containers first, as they run. */
        List<Container> allContainers() {
            List<Container> containers = new ArrayList<>(template.getSpec().getInitContainers());
            containers.addAll(template.getSpec().getContainers());
            return containers;
        }
    }

    final String name;
    final List<HasMetadata> objects;

    private RenderedOverlay(String name, List<HasMetadata> objects) {
        this.name = name;
        this.objects = objects;
    }

    static RenderedOverlay of(String overlay) {
        return CACHE.computeIfAbsent(overlay, name -> new RenderedOverlay(name, new StrictManifestParser()
                .parse(Kustomize.render(Repository.path("k8s/overlays/" + name)))));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String objectName) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(objectName)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String objectName) {
        return find(type, objectName).orElseThrow(() -> new AssertionError(
                name + " has no " + type.getSimpleName() + " named " + objectName));
    }

    Deployment deployment(GoodhartService service) {
        return get(Deployment.class, service.deployment);
    }

    Optional<ConfigMap> configMap(String objectName) {
        return find(ConfigMap.class, objectName);
    }

    Optional<Secret> secret(String objectName) {
        return find(Secret.class, objectName);
    }

    List<GenericKubernetesResource> postgresClusters() {
        return all(GenericKubernetesResource.class).stream()
                .filter(resource -> "Cluster".equals(resource.getKind())
                        && "postgresql.cnpg.io/v1".equals(resource.getApiVersion()))
                .toList();
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment deployment : all(Deployment.class)) {
            Integer replicas = deployment.getSpec().getReplicas();
            workloads.add(new Workload("Deployment", deployment.getMetadata().getName(),
                    replicas == null ? 1 : replicas, deployment.getSpec().getTemplate()));
        }
        for (StatefulSet statefulSet : all(StatefulSet.class)) {
            Integer replicas = statefulSet.getSpec().getReplicas();
            workloads.add(new Workload("StatefulSet", statefulSet.getMetadata().getName(),
                    replicas == null ? 1 : replicas, statefulSet.getSpec().getTemplate()));
        }
        return workloads;
    }

    @Override
    public String toString() {
        return name;
    }
}
