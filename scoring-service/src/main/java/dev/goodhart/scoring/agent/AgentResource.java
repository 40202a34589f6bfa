package dev.goodhart.scoring.agent;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import dev.goodhart.common.security.Roles;

/** Agent spend and flags for policy-service (spend-reader) and policy admins. Agents are not people. */
@Path("/v1/agents")
@Tag(name = "agents", description = "Per-agent spend and flags, for budgets and suspension decisions")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    private static final String WINDOW = "ISO-8601 duration ending now, above zero and at most P31D (default P1D)";

    private final AgentService service;

    public AgentResource(AgentService service) {
        this.service = service;
    }

    @GET
    @Path("/{agentId}/spend")
    @RolesAllowed({ Roles.SPEND_READER, Roles.POLICY_ADMIN })
    @Operation(summary = "An agent's spend in a window ending now",
            description = "An agent without usage in the window spent zero.")
    @APIResponse(responseCode = "200", description = "Tokens, cost and calls in the window",
            content = @Content(schema = @Schema(implementation = AgentSpend.class)))
    @APIResponse(responseCode = "400", description = "window is not a valid duration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgentSpend spend(@PathParam("agentId") String agentId,
            @Parameter(description = WINDOW) @QueryParam("window") String window) {
        return service.spend(agentId, window);
    }

    @GET
    @Path("/{agentId}/flags")
    @RolesAllowed({ Roles.SPEND_READER, Roles.POLICY_ADMIN })
    @Operation(summary = "Flags raised about an agent, with evidence")
    @APIResponse(responseCode = "200", description = "The agent's flags, newest week first (empty when none)",
            content = @Content(schema = @Schema(implementation = AgentFlags.class)))
    public AgentFlags flags(@PathParam("agentId") String agentId) {
        return service.flags(agentId);
    }

    @GET
    @RolesAllowed(Roles.POLICY_ADMIN)
    @Operation(summary = "Every agent active in a window, by id, with spend and flag count")
    @APIResponse(responseCode = "200", description = "Agents ordered by id",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = AgentSummary.class)))
    @APIResponse(responseCode = "400", description = "window is not a valid duration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<AgentSummary> agents(@Parameter(description = "ISO-8601 duration ending now (whole hours), default P1D")
            @QueryParam("window") String window) {
        return service.agents(window);
    }
}
