package dev.goodhart.policy.budget;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/**
 * scoring-service's agent spend endpoint, called with policy-service's own client-credentials token (role
 * spend-reader). Used only through {@link SpendReader}, which adds timeouts, retries, a circuit breaker and a cache.
 */
@RegisterRestClient(configKey = "scoring")
@OidcClientFilter
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public interface ScoringClient {

    String DAILY = "P1D";

    @GET
    @Path("/{agentId}/spend")
    AgentSpend spend(@PathParam("agentId") String agentId, @QueryParam("window") String window);
}
