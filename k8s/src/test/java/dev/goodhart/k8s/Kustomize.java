package dev.goodhart.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, exactly what {@code kubectl apply -k} sends to the API
 * server. bin/test installs kubectl (Debian's kubernetes-client) when a machine has none; {@code KUBECTL} names
 * another binary.
 */
final class Kustomize {

    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {
    }

    static String render(Path kustomization) {
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        Process process;
        try {
            process = new ProcessBuilder(List.of(kubectl, "kustomize", kustomization.toString())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run '" + kubectl + "': install kubectl (bin/test installs Debian's"
                    + " kubernetes-client package) or point KUBECTL at it", e);
        }
        try {
            // Read both streams while the process runs, so a large rendering never blocks on a full pipe.
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomization + " took over " + TIMEOUT_SECONDS + "s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " failed: " + stderr.join());
            }
            return stdout.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while rendering " + kustomization, e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
