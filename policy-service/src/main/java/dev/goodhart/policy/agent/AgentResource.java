package dev.goodhart.policy.agent;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
import dev.goodhart.policy.identity.Caller;

@Path("/v1/agents")
@Tag(name = "agents", description = "The agent registry: owners, risk tiers, budgets and the kill switch")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.POLICY_ADMIN)
public class AgentResource {

    /** An OIDC client id: what agents are identified by. */
    static final String AGENT_ID = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}";
    private static final String AGENT_ID_MESSAGE = "must be a client id: letters, digits, '.', '_', ':', '@' or '-'";

    private final AgentService service;
    private final Caller caller;

    public AgentResource(AgentService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every agent in the registry")
    @APIResponse(responseCode = "200", description = "The agents, by id",
            content = @Content(schema = @Schema(implementation = AgentView.class, type = SchemaType.ARRAY)))
    public List<AgentView> list() {
        return service.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One agent")
    @APIResponse(responseCode = "200", description = "The agent", content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(responseCode = "404", description = "Not in the registry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgentView get(@Parameter(example = "demo-agent") @PathParam("id") @Pattern(regexp = AGENT_ID, message = AGENT_ID_MESSAGE) String id) {
        return service.get(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an agent, or change its owner, risk tier, team or description",
            description = "The id is the agent's OIDC client id (the azp claim of its tokens).")
    @APIResponse(responseCode = "200", description = "The agent as registered",
            content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(responseCode = "400", description = "A field is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgentView register(@PathParam("id") @Pattern(regexp = AGENT_ID, message = AGENT_ID_MESSAGE) String id,
            @NotNull @Valid AgentRegistration registration) {
        return service.register(id, registration, caller.name());
    }

    @PUT
    @Path("/{id}/budget")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the agent's daily token and cost budgets",
            description = "Spend comes from scoring-service; over budget, decisions are denied with reason budget_exhausted.")
    @APIResponse(responseCode = "200", description = "The agent with its budgets",
            content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(responseCode = "400", description = "A field is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Not a registered agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgentView setBudget(@PathParam("id") @Pattern(regexp = AGENT_ID, message = AGENT_ID_MESSAGE) String id,
            @NotNull @Valid BudgetRequest budget) {
        return service.setBudget(id, budget, caller.name());
    }

    @POST
    @Path("/{id}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Kill switch: deny every decision of the agent from its next one on",
            description = "Works for any agent id, registered or not. The body (a reason) is optional.")
    @APIResponse(responseCode = "200", description = "The agent, suspended",
            content = @Content(schema = @Schema(implementation = AgentView.class)))
    public AgentView suspend(@PathParam("id") @Pattern(regexp = AGENT_ID, message = AGENT_ID_MESSAGE) String id,
            @Valid SuspensionRequest suspension) {
        return service.suspend(id, suspension == null ? null : suspension.reason(), caller.name());
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Lift a suspension")
    @APIResponse(responseCode = "200", description = "The agent, no longer suspended",
            content = @Content(schema = @Schema(implementation = AgentView.class)))
    @APIResponse(responseCode = "404", description = "Not in the registry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AgentView resume(@PathParam("id") @Pattern(regexp = AGENT_ID, message = AGENT_ID_MESSAGE) String id) {
        return service.resume(id, caller.name());
    }
}
