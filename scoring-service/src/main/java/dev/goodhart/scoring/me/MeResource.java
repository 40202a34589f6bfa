package dev.goodhart.scoring.me;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.security.Roles;
import dev.goodhart.scoring.person.PersonKeyResolver;

/**
 * An employee's private view: their own figures and flags, found from the token's {@code email} claim. There is no
 * parameter naming a person, so nobody can ask for anyone else's.
 */
@Path("/v1/me")
@Tag(name = "me", description = "Your own AI use and flags, visible to you only")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.EMPLOYEE)
public class MeResource {

    private final MeService service;
    private final PersonKeyResolver keys;
    private final JsonWebToken token;

    public MeResource(MeService service, PersonKeyResolver keys, JsonWebToken token) {
        this.service = service;
        this.keys = keys;
        this.token = token;
    }

    @GET
    @Path("/scorecard")
    @Operation(summary = "Your weekly figures")
    @APIResponse(responseCode = "200", description = "Your figures, oldest week first (zeros for weeks without use)",
            content = @Content(schema = @Schema(implementation = MyScorecard.class)))
    @APIResponse(responseCode = "400", description = "weeks or until is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MyScorecard scorecard(
            @Parameter(description = "How many ISO weeks, ending with `until` (1 to 52, default 4)") @QueryParam("weeks") String weeks,
            @Parameter(description = "The last ISO week, e.g. 2026-W47 (default: the current week)") @QueryParam("until") String until) {
        return service.scorecard(keys.personKeyOf(token), until, weeks);
    }

    @GET
    @Path("/flags")
    @Operation(summary = "Flags about your activity, with their evidence")
    @APIResponse(responseCode = "200", description = "Your flags, newest week first (empty when none)",
            content = @Content(schema = @Schema(implementation = MyFlags.class)))
    public MyFlags flags() {
        return service.flags(keys.personKeyOf(token));
    }
}
