package dev.goodhart.scoring.feed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.security.Roles;

@Path("/v1/status")
@Tag(name = "status", description = "How current the scores are")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ANALYST, Roles.POLICY_ADMIN })
public class StatusResource {

    private final FeedProgress progress;

    public StatusResource(FeedProgress progress) {
        this.progress = progress;
    }

    @GET
    @Operation(summary = "Feed position, lag and scoring backlog of the scoring pipeline")
    @APIResponse(responseCode = "200", description = "Current feed position",
            content = @Content(schema = @Schema(implementation = FeedStatus.class)))
    public FeedStatus status() {
        return progress.status();
    }
}
