package dev.goodhart.ingest.otlp;

import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.ingest.config.IngestConfig;

/**
 * Bounds the OTLP requests in progress. OTLP exporters send in bursts and retry 429 after Retry-After, so refusing the
 * excess at once protects the database pool (shared with the native API) better than queueing it.
 */
@ApplicationScoped
public class OtlpLimiter {

    private final Semaphore permits;

    public OtlpLimiter(IngestConfig config) {
        this.permits = new Semaphore(config.otlp().maxConcurrentRequests());
    }

    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    void release() {
        permits.release();
    }
}
