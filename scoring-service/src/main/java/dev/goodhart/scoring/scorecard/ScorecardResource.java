package dev.goodhart.scoring.scorecard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.security.Roles;

/** Team and organisation value metrics for analysts: aggregates over at least k people, never individuals. */
@Path("/v1")
@Tag(name = "scorecards", description = "Value-not-volume metrics per team and for the organisation, per ISO week")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ANALYST)
public class ScorecardResource {

    private static final String WEEKS = "How many ISO weeks, ending with `until` (1 to 52, default 4)";
    private static final String UNTIL = "The last ISO week, e.g. 2026-W47 (default: the current week, UTC)";

    private final ScorecardService service;

    public ScorecardResource(ScorecardService service) {
        this.service = service;
    }

    @GET
    @Path("/teams/{team}/scorecard")
    @Operation(summary = "A team's weekly value metrics",
            description = "Figures over fewer than k people are withheld with the reason; flags appear as counts only.")
    @APIResponse(responseCode = "200", description = "The team's scorecard, oldest week first",
            content = @Content(schema = @Schema(implementation = Scorecard.class)))
    @APIResponse(responseCode = "400", description = "weeks or until is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such team in the directory or in events",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Scorecard team(@PathParam("team") String team,
            @Parameter(description = WEEKS) @QueryParam("weeks") String weeks,
            @Parameter(description = UNTIL) @QueryParam("until") String until) {
        return service.team(team, until, weeks);
    }

    @GET
    @Path("/org/scorecard")
    @Operation(summary = "The organisation's weekly value metrics",
            description = "The same metrics over everyone; figures over fewer than k people are withheld with the reason.")
    @APIResponse(responseCode = "200", description = "The organisation's scorecard, oldest week first",
            content = @Content(schema = @Schema(implementation = Scorecard.class)))
    @APIResponse(responseCode = "400", description = "weeks or until is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Scorecard org(@Parameter(description = WEEKS) @QueryParam("weeks") String weeks,
            @Parameter(description = UNTIL) @QueryParam("until") String until) {
        return service.org(until, weeks);
    }
}
