package dev.goodhart.scoring.feed;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The feed as scoring-service reads it: each page within a timeout, transient failures retried with jitter, and a
 * circuit breaker so that a dead ingest-service costs one quick failure per poll instead of a stack of waits. A
 * failed read changes nothing: the consumer keeps its stored cursor and tries again at the next poll.
 */
@ApplicationScoped
public class IngestFeed {

    private final IngestFeedClient client;

    public IngestFeed(@RestClient IngestFeedClient client) {
        this.client = client;
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 250)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public FeedPage page(String after, int limit) {
        FeedPage page = client.page(after, limit);
        if (page == null || page.next() == null) {
            throw new IllegalStateException("ingest-service answered a feed page without a next cursor");
        }
        return page;
    }
}
