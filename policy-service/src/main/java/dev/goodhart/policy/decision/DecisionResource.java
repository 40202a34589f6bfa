package dev.goodhart.policy.decision;

import java.util.concurrent.CompletionException;

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

import io.smallrye.mutiny.Uni;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.common.security.Roles;
import dev.goodhart.policy.identity.Caller;

@Path("/v1/decisions")
@Tag(name = "decisions", description = "Agents ask before they act")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class DecisionResource {

    private final DecisionService service;
    private final Caller caller;

    public DecisionResource(DecisionService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Ask whether the calling agent may act",
            description = "The agent is the token's client (azp claim); it can only ask for itself. Both the agent and the "
                    + "person it acts for must be permitted. The answer is recorded in the audit log before it is sent.")
    @APIResponse(responseCode = "200", description = "The decision, recorded before it was answered",
            content = @Content(schema = @Schema(implementation = DecisionResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed request, or one that does not fit the Cedar schema",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The decision could not be recorded, so it is deny: do not act",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DecisionResponse> decide(@NotNull @Valid DecisionRequest request) {
        String agent = caller.agentId();
        if (request.agent() != null && !request.agent().equals(agent)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "An agent asks only for itself: the token's client is " + agent
                    + ", the request names " + request.agent());
        }
        // Not a blocking method: the body is read and parsed on the I/O thread, and the decision waits for the database
        // without holding a thread (DecisionService hands it from round trip to round trip).
        return Uni.createFrom().completionStage(() -> service.decide(agent, request))
                .onFailure(CompletionException.class).transform(Throwable::getCause);
    }
}
