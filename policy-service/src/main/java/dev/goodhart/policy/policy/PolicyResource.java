package dev.goodhart.policy.policy;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.security.Roles;
import dev.goodhart.policy.QueryParameters;
import dev.goodhart.policy.config.PolicyConfig;
import dev.goodhart.policy.identity.Caller;
import dev.goodhart.policy.policytest.PolicyTestReport;
import dev.goodhart.policy.policytest.PolicyTestService;
import dev.goodhart.policy.policytest.PolicyTestSuite;

@Path("/v1/policies")
@Tag(name = "policies", description = "The Cedar policy set that decides what agents may do")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.POLICY_ADMIN)
public class PolicyResource {

    private static final String CEDAR_BODY = "Cedar policies as text/plain. Every policy needs a unique @id; @reason gives "
            + "the sentence shown in answers; @approval(\"required\") on a permit asks a human first.";

    private final PolicyService policies;
    private final ShadowService shadows;
    private final DryRunService dryRuns;
    private final PolicyTestService tests;
    private final PolicyConfig config;
    private final Caller caller;

    public PolicyResource(PolicyService policies, ShadowService shadows, DryRunService dryRuns, PolicyTestService tests,
            PolicyConfig config, Caller caller) {
        this.policies = policies;
        this.shadows = shadows;
        this.dryRuns = dryRuns;
        this.tests = tests;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The active policy set")
    @APIResponse(responseCode = "200", description = "The active version, its Cedar source and its policies",
            content = @Content(schema = @Schema(implementation = PolicySetView.class)))
    @APIResponse(responseCode = "404", description = "No policy set is active",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PolicySetView active() {
        return policies.active();
    }

    @PUT
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Publish a new version of the policy set and make it active",
            description = "Validated against the Cedar schema first; errors come back with line and column "
                    + "(fields named source:<line>:<column>). The new version is immutable and becomes active atomically.")
    @RequestBody(description = CEDAR_BODY, content = @Content(mediaType = MediaType.TEXT_PLAIN,
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "201", description = "The new, active version",
            content = @Content(schema = @Schema(implementation = PolicySetView.class)))
    @APIResponse(responseCode = "400", description = "The text does not parse or validate; each error by line and column",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response publish(String source) {
        PolicySetView published = policies.publish(source, caller.name());
        return Response.created(URI.create("/v1/policies/versions/" + published.version())).entity(published).build();
    }

    @GET
    @Path("/versions")
    @Operation(summary = "Every stored version, newest first")
    @APIResponse(responseCode = "200", description = "The versions",
            content = @Content(schema = @Schema(implementation = PolicyVersionItem.class, type = SchemaType.ARRAY)))
    public List<PolicyVersionItem> versions() {
        return policies.versions();
    }

    @GET
    @Path("/versions/{version}")
    @Operation(summary = "One stored version")
    @APIResponse(responseCode = "200", description = "The version",
            content = @Content(schema = @Schema(implementation = PolicySetView.class)))
    @APIResponse(responseCode = "404", description = "No such version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PolicySetView version(@PathParam("version") int version) {
        return policies.version(version);
    }

    @POST
    @Path("/versions/{version}/activate")
    @Operation(summary = "Roll back (or forward) to a stored version",
            description = "The version becomes active again, if it still validates against the schema.")
    @APIResponse(responseCode = "200", description = "The version, now active",
            content = @Content(schema = @Schema(implementation = PolicySetView.class)))
    @APIResponse(responseCode = "404", description = "No such version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The version no longer validates against the Cedar schema",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PolicySetView activate(@PathParam("version") int version) {
        return policies.rollBack(version, caller.name());
    }

    @POST
    @Path("/dry-run")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "What-if: replay recorded requests against candidate policies",
            description = "Replays the most recent recorded requests (exactly what Cedar saw) and reports which policy "
                    + "verdicts would change, with examples. Nothing is stored.")
    @RequestBody(description = CEDAR_BODY, content = @Content(mediaType = MediaType.TEXT_PLAIN,
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "200", description = "The changes",
            content = @Content(schema = @Schema(implementation = DryRunReport.class)))
    @APIResponse(responseCode = "400", description = "The candidate does not parse or validate, or records is out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DryRunReport dryRun(
            @Parameter(description = "How many recent decisions to replay (default 10,000)") @QueryParam("records")
            Integer records,
            String source) {
        return dryRuns.dryRun(source, QueryParameters.positive("records", records, config.dryRun().defaultRecords(),
                config.dryRun().maxRecords()));
    }

    @PUT
    @Path("/shadow")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Run candidate policies in shadow mode",
            description = "Evaluated on every decision beside the active set; answers still come from the active set, and "
                    + "disagreements are recorded (GET /v1/policies/shadow/diff). Replaces a running shadow set.")
    @RequestBody(description = CEDAR_BODY, content = @Content(mediaType = MediaType.TEXT_PLAIN,
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "201", description = "The shadow set, running",
            content = @Content(schema = @Schema(implementation = ShadowView.class)))
    @APIResponse(responseCode = "400", description = "The text does not parse or validate",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response startShadow(String source) {
        return Response.status(Response.Status.CREATED).entity(shadows.start(source, caller.name())).build();
    }

    @GET
    @Path("/shadow")
    @Operation(summary = "The running shadow set")
    @APIResponse(responseCode = "200", description = "The shadow set",
            content = @Content(schema = @Schema(implementation = ShadowView.class)))
    @APIResponse(responseCode = "404", description = "No shadow set is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ShadowView shadow() {
        return shadows.running();
    }

    @DELETE
    @Path("/shadow")
    @Operation(summary = "Stop the running shadow set", description = "Its disagreements stay readable.")
    @APIResponse(responseCode = "204", description = "Stopped")
    @APIResponse(responseCode = "404", description = "No shadow set is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void stopShadow() {
        shadows.stop();
    }

    @GET
    @Path("/shadow/diff")
    @Operation(summary = "Where the shadow set disagreed with the active set",
            description = "Counts by transition and the most recent disagreements, for the running shadow set (else the "
                    + "most recent one, or the one named by shadowId).")
    @APIResponse(responseCode = "200", description = "The disagreements",
            content = @Content(schema = @Schema(implementation = ShadowDiff.class)))
    @APIResponse(responseCode = "404", description = "No such shadow set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ShadowDiff shadowDiff(@QueryParam("shadowId") Integer shadowId,
            @Parameter(description = "At most this many recent disagreements (1-1000, default 100)") @QueryParam("limit")
            Integer limit) {
        return shadows.diff(shadowId, QueryParameters.positive("limit", limit, 100, 1000));
    }

    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run policy tests (the *.cedartest.json format)",
            description = "Each case is a request and the answer the policies must give. Without `policies`, the active "
                    + "set is tested. Always 200 when the suite could run; `failed` counts the failing cases.")
    @APIResponse(responseCode = "200", description = "Each case's result",
            content = @Content(schema = @Schema(implementation = PolicyTestReport.class)))
    @APIResponse(responseCode = "400", description = "The suite or its policies are not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PolicyTestReport test(@NotNull @Valid PolicyTestSuite suite) {
        return tests.run(suite);
    }
}
