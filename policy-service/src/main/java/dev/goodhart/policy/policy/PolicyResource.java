package dev.goodhart.policy.policy;

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

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.security.Roles;

@Path("/v1/policies")
@Tag(name = "policies", description = "The Cedar policy set that decides what agents may do")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.POLICY_ADMIN)
public class PolicyResource {

    private final PolicyService service;

    public PolicyResource(PolicyService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The active policy set")
    @APIResponse(responseCode = "200", description = "The active version and its Cedar source",
            content = @Content(schema = @Schema(implementation = PolicySetView.class)))
    @APIResponse(responseCode = "404", description = "No policy set is active",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PolicySetView active() {
        return service.active();
    }
}
