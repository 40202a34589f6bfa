package dev.goodhart.ingest.usage;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.security.Roles;

@Path("/v1/usage-events")
@Tag(name = "usage", description = "AI usage telemetry from gateways, agent runtimes and coding assistants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USAGE_WRITER)
public class UsageEventResource {

    private final UsageEventService service;

    public UsageEventResource(UsageEventService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Record one usage event", description = "Idempotent by id: a retry is reported as a duplicate.")
    @APIResponse(responseCode = "200", description = "Committed (or known already)",
            content = @Content(schema = @Schema(implementation = WriteResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed or invalid event; nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public WriteResult record(@NotNull @Valid UsageEventRequest event) {
        return service.store(event);
    }
}
