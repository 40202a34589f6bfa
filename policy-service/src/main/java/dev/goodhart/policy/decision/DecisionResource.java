package dev.goodhart.policy.decision;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.common.security.Roles;

@Path("/v1/decisions")
@Tag(name = "decisions", description = "Agents ask before they act")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class DecisionResource {

    private final DecisionService service;
    private final JsonWebToken token;

    public DecisionResource(DecisionService service, JsonWebToken token) {
        this.service = service;
        this.token = token;
    }

    @POST
    @Operation(summary = "Ask whether the calling agent may act",
            description = "The agent is the token's client (azp claim); it can only ask for itself.")
    @APIResponse(responseCode = "200", description = "The decision, recorded before it was answered",
            content = @Content(schema = @Schema(implementation = DecisionResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed or invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DecisionResponse decide(@NotNull @Valid DecisionRequest request) {
        String agent = token.getClaim("azp");
        if (agent == null || agent.isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "The token names no client (azp); agents use their own client credentials");
        }
        return service.decide(agent, request);
    }
}
