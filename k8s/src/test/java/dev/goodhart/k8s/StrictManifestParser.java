package dev.goodhart.k8s;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Parses rendered manifests into fabric8's Kubernetes model, strictly: a field the model does not know (a typo such
 * as {@code livenessprobe}, a field at the wrong level) is an error, not an entry in {@code additionalProperties}.
 * Only the kinds Goodhart deploys are accepted; custom resources (CloudNativePG's {@code Cluster}) are parsed as
 * {@link GenericKubernetesResource} and checked by their own tests.
 */
final class StrictManifestParser {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class));

    private static final Map<String, String> CUSTOM_RESOURCES = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "CloudNativePG cluster");

    private final ObjectMapper strict = new ObjectMapper(new YAMLFactory())
            .setAnnotationIntrospector(new NoAdditionalProperties())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final ObjectMapper lenient = new ObjectMapper(new YAMLFactory());

    /** Every document of a multi-document YAML stream, each as its typed model object. */
    List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try {
            for (JsonNode document : strict.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                objects.add(parseOne(document));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Not valid YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    private HasMetadata parseOne(JsonNode document) throws IOException {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        String name = document.path("metadata").path("name").asText();
        Class<? extends HasMetadata> modelClass = KINDS.get(type);
        if (modelClass != null) {
            try {
                return strict.treeToValue(document, modelClass);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(type + " " + name + " does not match the Kubernetes model: "
                        + e.getOriginalMessage() + " at " + e.getLocation(), e);
            }
        }
        if (CUSTOM_RESOURCES.containsKey(type)) {
            return lenient.treeToValue(document, GenericKubernetesResource.class);
        }
        throw new IllegalArgumentException("Unexpected kind " + type + " (" + name + "): add it to the parser"
                + " together with the checks it needs");
    }

    /** fabric8 collects unknown fields through {@code @JsonAnySetter}; without it, Jackson refuses them. */
    private static final class NoAdditionalProperties extends JacksonAnnotationIntrospector {

        @Override
        public Boolean hasAnySetter(Annotated annotated) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
            return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
        }
    }
}
