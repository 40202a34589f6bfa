package dev.goodhart.scoring.feed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/**
 * ingest-service's feed (docs/contracts.md), called with scoring-service's own client-credentials token (role
 * feed-reader). Use it through {@link IngestFeed}, which adds timeouts, retries and a circuit breaker.
 */
@RegisterRestClient(configKey = "ingest-feed")
@OidcClientFilter
@Path("/v1/feed")
public interface IngestFeedClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    FeedPage page(@QueryParam("after") String after, @QueryParam("limit") int limit);
}
