package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The rules every pod of both overlays follows, and the stricter ones for the three Goodhart services. */
class WorkloadRulesTest {

    /** Sized for the native executables: a JVM build needs a patch (README). */
    private static final Quantity NATIVE_MEMORY_LIMIT_CEILING = new Quantity("512Mi");

    /** Keycloak's start-dev rebuilds itself under /opt/keycloak/lib at start (dev overlay only). */
    private static final Set<String> WRITABLE_ROOT_ALLOWED = Set.of("dev/keycloak");

    private static final Pattern PINNED_IMAGE = Pattern.compile("^[a-z0-9.\\-/_:]+?(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}))?(?:@sha256:[a-f0-9]{64})?$");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodMeetsTheRestrictedPodSecurityStandard(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        assertFalse(overlay.workloads().isEmpty());
        for (RenderedOverlay.Workload workload : overlay.workloads()) {
            PodSpec pod = workload.template().getSpec();
            String where = overlayName + "/" + workload.name();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertNotNull(podSecurity, where + " has no pod securityContext");
            assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), where + " runAsNonRoot");
            assertTrue(podSecurity.getRunAsUser() != null && podSecurity.getRunAsUser() > 0, where + " runAsUser");
            assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType(), where + " seccomp profile");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), where + " mounts an API token");
            assertNotEquals(Boolean.TRUE, pod.getHostNetwork(), where);
            for (Volume volume : pod.getVolumes()) {
                assertTrue(volume.getEmptyDir() != null || volume.getConfigMap() != null || volume.getSecret() != null
                        || volume.getPersistentVolumeClaim() != null, where + " volume " + volume.getName());
            }
            for (Container container : workload.allContainers()) {
                String at = where + " container " + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertNotNull(security, at + " has no securityContext");
                assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), at + " allowPrivilegeEscalation");
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), at + " drops capabilities");
                assertTrue(security.getCapabilities().getAdd().isEmpty(), at + " adds capabilities");
                assertNotEquals(Boolean.TRUE, security.getPrivileged(), at);
                if (!WRITABLE_ROOT_ALLOWED.contains(where)) {
                    assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), at + " readOnlyRootFilesystem");
                }
                assertPinned(container.getImage(), at);
                assertHasRequestsAndLimits(container, at);
            }
            // Init containers run to completion: Kubernetes refuses probes on them.
            for (Container container : pod.getContainers()) {
                String at = where + " container " + container.getName();
                assertNotNull(container.getStartupProbe(), at + " has no startup probe");
                assertNotNull(container.getLivenessProbe(), at + " has no liveness probe");
                assertNotNull(container.getReadinessProbe(), at + " has no readiness probe");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesProbeQuarkusHealthAndAreScrapedByPrometheus(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        for (GoodhartService service : GoodhartService.values()) {
            Deployment deployment = overlay.deployment(service);
            Container container = onlyContainer(deployment);
            String at = overlayName + "/" + service.deployment;

            assertEquals(service.port, container.getPorts().get(0).getContainerPort(), at + " port");
            assertEquals("http", container.getPorts().get(0).getName(), at + " port name");
            assertHttpProbe(container.getStartupProbe(), "/q/health/started", at + " startup");
            assertHttpProbe(container.getLivenessProbe(), "/q/health/live", at + " liveness");
            assertHttpProbe(container.getReadinessProbe(), "/q/health/ready", at + " readiness");
            assertTrue(container.getStartupProbe().getFailureThreshold() * container.getStartupProbe().getPeriodSeconds()
                    >= 60, at + " gives its start (Flyway migrations) at least a minute");

            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"), at);
            assertEquals(String.valueOf(service.port), annotations.get("prometheus.io/port"), at);
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"), at);

            Quantity memoryLimit = container.getResources().getLimits().get("memory");
            assertTrue(memoryLimit.compareTo(NATIVE_MEMORY_LIMIT_CEILING) <= 0,
                    at + " memory limit " + memoryLimit + " is not sized for a native executable");
            String maxHeap = container.getArgs().stream().filter(arg -> arg.startsWith("-Xmx")).findFirst()
                    .orElseThrow(() -> new AssertionError(at + " sets no -Xmx for the native executable"));
            assertTrue(new Quantity(maxHeap.substring(4).toUpperCase().replace("M", "Mi").replace("G", "Gi"))
                    .compareTo(memoryLimit) < 0, at + " heap " + maxHeap + " leaves no room under the memory limit");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesRunReadOnlyWithAWritableTmpAndTheirOwnTokenlessServiceAccount(String overlayName) {
        RenderedOverlay overlay = RenderedOverlay.of(overlayName);
        for (GoodhartService service : GoodhartService.values()) {
            Deployment deployment = overlay.deployment(service);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String at = overlayName + "/" + service.deployment;

            assertEquals(Boolean.TRUE, onlyContainer(deployment).getSecurityContext().getReadOnlyRootFilesystem(), at);
            // Vert.x's file cache, and on the JVM the Cedar binding's native library, go to java.io.tmpdir.
            String tmpVolume = onlyContainer(deployment).getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals("/tmp") && !Boolean.TRUE.equals(mount.getReadOnly()))
                    .findFirst().orElseThrow(() -> new AssertionError(at + " has no writable /tmp")).getName();
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
            assertNotNull(volume.getEmptyDir(), at + " /tmp is not an emptyDir");
            assertNotNull(volume.getEmptyDir().getSizeLimit(), at + " /tmp has no size limit");

            assertEquals(service.deployment, pod.getServiceAccountName(), at + " service account");
            ServiceAccount account = overlay.get(ServiceAccount.class, service.deployment);
            assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), at + " service account token");
            assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), at + " service links");
        }
        Volume policyTmp = overlay.deployment(GoodhartService.POLICY).getSpec().getTemplate().getSpec().getVolumes()
                .stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
        assertTrue(policyTmp.getEmptyDir().getSizeLimit().compareTo(new Quantity("32Mi")) >= 0,
                "policy-service's /tmp holds the 11 MB Cedar library on the JVM");
    }

    private static Container onlyContainer(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), deployment.getMetadata().getName() + " containers");
        return containers.get(0);
    }

    private static void assertHttpProbe(Probe probe, String path, String what) {
        assertNotNull(probe, what + " probe missing");
        assertNotNull(probe.getHttpGet(), what + " probe is not an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), what + " probe path");
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), what + " probe port");
        assertNotNull(probe.getTimeoutSeconds(), what + " probe timeout");
    }

    private static void assertHasRequestsAndLimits(Container container, String at) {
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(requests.get(resource), at + " requests no " + resource);
            assertNotNull(limits.get(resource), at + " has no " + resource + " limit");
            assertTrue(requests.get(resource).compareTo(limits.get(resource)) <= 0,
                    at + " requests more " + resource + " than its limit");
        }
    }

    static void assertPinned(String image, String at) {
        Matcher matcher = PINNED_IMAGE.matcher(image);
        if (!matcher.matches()) {
            fail(at + " image " + image + " is not a valid reference");
        }
        String tag = matcher.group("tag");
        boolean digest = image.contains("@sha256:");
        assertTrue(digest || tag != null, at + " image " + image + " has no tag");
        if (tag != null) {
            assertFalse(tag.equalsIgnoreCase("latest"), at + " image " + image + " uses latest");
            assertFalse(tag.toUpperCase().contains("SNAPSHOT"), at + " image " + image + " uses a snapshot tag");
        }
    }
}
