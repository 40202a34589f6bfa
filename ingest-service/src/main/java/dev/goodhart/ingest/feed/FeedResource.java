package dev.goodhart.ingest.feed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.security.Roles;

@Path("/v1/feed")
@Tag(name = "feed", description = "The ordered, pseudonymised stream of usage and outcome events for scoring-service")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.FEED_READER)
public class FeedResource {

    private final FeedService service;

    public FeedResource(FeedService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Read the feed after a cursor",
            description = "Stable order over usage and outcome events; no event is ever skipped, even when writers "
                    + "commit out of order. A record may come again after a retry: consume idempotently by (type, id).")
    @APIResponse(responseCode = "200", description = "A page; `next` is the cursor for the following one",
            content = @Content(schema = @Schema(implementation = FeedPage.class)))
    @APIResponse(responseCode = "400", description = "`after` is not a cursor of this feed, or `limit` is out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FeedPage read(
            @Parameter(description = "The `next` of the previous page; absent: from the oldest retained event")
            @QueryParam("after") String after,
            @Parameter(description = "Records per page, 1 to 10000",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "1000"))
            @QueryParam("limit") String limit) {
        return service.page(FeedPosition.fromCursor(after), limit(limit));
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return FeedService.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= FeedService.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.invalidField("limit", "must be a whole number from 1 to " + FeedService.MAX_LIMIT);
    }
}
