package dev.goodhart.k8s;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;

/** The environment a container starts with: every variable and where its value comes from. */
final class ContainerEnvironment {

    sealed interface Source {
    }

    record Literal(String value) implements Source {
    }

    record FromConfigMap(String configMap, String key, String value) implements Source {
    }

    record FromSecret(String secret, String key) implements Source {
    }

    private ContainerEnvironment() {
    }

    /** Fails when a ConfigMap the container reads is not part of the rendering. */
    static Map<String, Source> of(Container container, RenderedOverlay overlay) {
        Map<String, Source> environment = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getSecretRef() != null) {
                throw new AssertionError(container.getName() + " takes a whole Secret as environment ("
                        + from.getSecretRef().getName() + "): name each secret variable instead");
            }
            ConfigMap configMap = configMap(overlay, container, from.getConfigMapRef().getName());
            configMap.getData().forEach((key, value) -> environment.put(
                    (from.getPrefix() == null ? "" : from.getPrefix()) + key,
                    new FromConfigMap(configMap.getMetadata().getName(), key, value)));
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), new Literal(variable.getValue()));
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                environment.put(variable.getName(), new FromSecret(variable.getValueFrom().getSecretKeyRef().getName(),
                        variable.getValueFrom().getSecretKeyRef().getKey()));
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                String name = variable.getValueFrom().getConfigMapKeyRef().getName();
                String key = variable.getValueFrom().getConfigMapKeyRef().getKey();
                String value = configMap(overlay, container, name).getData().get(key);
                if (value == null) {
                    throw new AssertionError(container.getName() + " reads key " + key + " that ConfigMap " + name
                            + " does not have");
                }
                environment.put(variable.getName(), new FromConfigMap(name, key, value));
            } else {
                throw new AssertionError(container.getName() + " takes " + variable.getName()
                        + " from a field reference, which no Goodhart container needs");
            }
        }
        return environment;
    }

    private static ConfigMap configMap(RenderedOverlay overlay, Container container, String name) {
        return overlay.configMap(name).orElseThrow(() -> new AssertionError(
                container.getName() + " reads ConfigMap " + name + ", which " + overlay + " does not contain"));
    }
}
