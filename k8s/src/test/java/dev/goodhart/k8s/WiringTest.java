package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import dev.goodhart.k8s.ContainerEnvironment.FromConfigMap;
import dev.goodhart.k8s.ContainerEnvironment.FromSecret;
import dev.goodhart.k8s.ContainerEnvironment.Literal;
import dev.goodhart.k8s.ContainerEnvironment.Source;

/** Everything a pod refers to exists: Services find pods and ports, settings name real hosts, and secrets stay out. */
class WiringTest {

    /** Names that carry credentials: their values must come from a Secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)(.*(PASSWORD|SECRET|PRIVATE).*|.*_(TOKEN|KEY))");

    /** A required `${VARIABLE}` (no default) in a service's own configuration, outside the test and dev profiles. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceSelectsPodsThatServeItsTargetPort(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        for (Service service : overlay.all(Service.class)) {
            String at = overlayName + "/Service " + service.getMetadata().getName();
            Map<String, String> selector = service.getSpec().getSelector();
            assertFalse(selector == null || selector.isEmpty(), at + " selects no pods");
            var selected = overlay.workloads().stream()
                    .filter(workload -> workload.template().getMetadata().getLabels().entrySet()
                            .containsAll(selector.entrySet()))
                    .toList();
            assertFalse(selected.isEmpty(), at + " selects " + selector + ", which no Deployment or StatefulSet has");
            for (ServicePort port : service.getSpec().getPorts()) {
                String target = port.getTargetPort().getStrVal();
                Integer number = port.getTargetPort().getIntVal();
                for (RenderedOverlay.Workload workload : selected) {
                    boolean served = workload.template().getSpec().getContainers().stream()
                            .flatMap(container -> container.getPorts().stream())
                            .anyMatch(p -> target != null ? target.equals(p.getName()) : number.equals(p.getContainerPort()));
                    assertTrue(served, at + " targets port " + port.getTargetPort() + " that " + workload.name()
                            + " does not open");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesGetExactlyTheAgreedSettingsWithSecretsFromSecrets(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        for (GoodhartService service : GoodhartService.values()) {
            Container container = overlay.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, Source> environment = ContainerEnvironment.of(container, overlay);
            String at = overlayName + "/" + service.deployment;

            assertEquals(new TreeSet<>(service.settings()), new TreeSet<>(environment.keySet()), at + " environment");
            for (String secret : GoodhartService.SECRET_SETTINGS) {
                if (environment.containsKey(secret)) {
                    assertInstanceOf(FromSecret.class, environment.get(secret), at + " " + secret);
                }
            }
            assertEquals("goodhart", value(environment, "QUARKUS_OIDC_TOKEN_AUDIENCE"), at);
            assertEquals(service.runtimeRole(), value(environment, "QUARKUS_DATASOURCE_USERNAME"), at);
            URI database = URI.create(value(environment, "QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
            assertEquals("postgresql", database.getScheme(), at);
            assertEquals("/" + service.database(), database.getPath(), at + " database name");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void serviceToServiceUrlsNameTheOtherServicesPort(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        assertServiceUrl(overlay, GoodhartService.SCORING, "GOODHART_INGEST_URL", GoodhartService.INGEST);
        assertServiceUrl(overlay, GoodhartService.POLICY, "GOODHART_SCORING_URL", GoodhartService.SCORING);
        assertEquals("scoring-service", setting(overlay, GoodhartService.SCORING, "GOODHART_OIDC_CLIENT_ID"));
        assertEquals("policy-service", setting(overlay, GoodhartService.POLICY, "GOODHART_OIDC_CLIENT_ID"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noContainerCarriesALiteralSecretAndNoConfigMapHoldsOne(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        for (RenderedOverlay.Workload workload : overlay.workloads()) {
            for (Container container : workload.allContainers()) {
                ContainerEnvironment.of(container, overlay).forEach((name, source) -> {
                    if (SECRET_NAME.matcher(name).matches()) {
                        assertInstanceOf(FromSecret.class, source, overlayName + "/" + workload.name() + " sets "
                                + name + " without a Secret");
                    }
                });
                for (String arg : container.getArgs()) {
                    assertFalse(SECRET_NAME.matcher(arg.split("=")[0]).matches(), workload.name() + " argument " + arg);
                }
            }
        }
        for (ConfigMap configMap : overlay.all(ConfigMap.class)) {
            for (String key : configMap.getData().keySet()) {
                assertFalse(SECRET_NAME.matcher(key).matches(), overlayName + "/ConfigMap "
                        + configMap.getMetadata().getName() + " holds " + key);
            }
        }
    }

    /** When a service starts needing another variable, the manifests must set it (or the service fails to start). */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableAServiceRequiresIsSet(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        for (GoodhartService service : GoodhartService.values()) {
            Set<String> required = requiredVariables(service);
            Container container = overlay.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> set = ContainerEnvironment.of(container, overlay).keySet();
            assertTrue(set.containsAll(required), overlayName + "/" + service.deployment + " needs " + required
                    + " but sets " + set);
        }
    }

    static Set<String> requiredVariables(GoodhartService service) {
        Set<String> required = new TreeSet<>();
        for (String line : Repository.read(service.applicationProperties()).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.startsWith("%")) {
                continue;
            }
            Matcher matcher = REQUIRED_VARIABLE.matcher(trimmed);
            while (matcher.find()) {
                required.add(matcher.group(1));
            }
        }
        return required;
    }

    private static void assertServiceUrl(RenderedOverlay overlay, GoodhartService caller, String variable,
            GoodhartService callee) {
        URI url = URI.create(setting(overlay, caller, variable));
        Service service = overlay.get(Service.class, url.getHost());
        assertEquals(callee.deployment, service.getSpec().getSelector().get("app.kubernetes.io/name"),
                variable + " names a Service that is not " + callee.deployment);
        assertTrue(service.getSpec().getPorts().stream().anyMatch(port -> port.getPort() == url.getPort()),
                variable + " uses port " + url.getPort() + " that Service " + url.getHost() + " does not expose");
    }

    static String setting(RenderedOverlay overlay, GoodhartService service, String variable) {
        Container container = overlay.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
        return value(ContainerEnvironment.of(container, overlay), variable);
    }

    static String value(Map<String, Source> environment, String variable) {
        Source source = environment.get(variable);
        if (source instanceof FromConfigMap fromConfigMap) {
            return fromConfigMap.value();
        }
        if (source instanceof Literal literal) {
            return literal.value();
        }
        throw new AssertionError(variable + " has no readable value: " + source);
    }
}
