package dev.goodhart.policy.budget;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.cache.CacheResult;

/**
 * Reads an agent's daily spend from scoring-service. Answers are cached for a few seconds
 * ({@code quarkus.cache.caffeine."agent-spend".expire-after-write}): budgets need fresh figures, but not one call per
 * decision. Each attempt times out, failures are retried twice, and a failing scoring-service opens the circuit so
 * that decisions do not wait on it; then {@link BudgetGuard} applies the configured spend-unavailable mode.
 */
@ApplicationScoped
public class SpendReader {

    private static final int NOT_FOUND = 404;

    private final ScoringClient scoring;

    public SpendReader(@RestClient ScoringClient scoring) {
        this.scoring = scoring;
    }

    @CacheResult(cacheName = "agent-spend")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public AgentSpend dailySpend(String agentId) {
        try {
            return scoring.spend(agentId, ScoringClient.DAILY);
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == NOT_FOUND) {
                return AgentSpend.none(agentId);
            }
            throw e;
        }
    }
}
