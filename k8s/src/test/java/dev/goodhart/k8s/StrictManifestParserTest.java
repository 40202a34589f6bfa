package dev.goodhart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

class StrictManifestParserTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                  - name: demo
                    image: demo:1.0.0
                    %s:
                      httpGet: {path: /q/health/live, port: 8080}
            """;

    private final StrictManifestParser parser = new StrictManifestParser();

    @Test
    void parsesEveryDocumentIntoItsModelClass() {
        List<HasMetadata> objects = parser.parse(DEPLOYMENT.formatted("livenessProbe") + """
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: demo-db
                spec:
                  instances: 3
                """);

        assertEquals(2, objects.size());
        Deployment deployment = assertInstanceOf(Deployment.class, objects.get(0));
        assertEquals("/q/health/live", deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getLivenessProbe().getHttpGet().getPath());
        GenericKubernetesResource cluster = assertInstanceOf(GenericKubernetesResource.class, objects.get(1));
        assertEquals(3, (Integer) cluster.get("spec", "instances"));
    }

    @Test
    void refusesAFieldTheModelDoesNotKnow() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> parser.parse(DEPLOYMENT.formatted("livenessprobe")));

        assertTrue(refused.getMessage().contains("livenessprobe"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Deployment demo"), refused.getMessage());
    }

    @Test
    void refusesAValueOfTheWrongType() {
        String yaml = DEPLOYMENT.formatted("livenessProbe").replace("image: demo:1.0.0", "image: [demo]");

        assertThrows(IllegalArgumentException.class, () -> parser.parse(yaml));
    }

    @Test
    void refusesAKindNobodyChecks() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> parser.parse("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: everything
                """));

        assertTrue(refused.getMessage().contains("rbac.authorization.k8s.io/v1/ClusterRole"), refused.getMessage());
    }
}
