package dev.goodhart.policy.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import dev.goodhart.policy.QueryParameters;

@Path("/v1/audit")
@Tag(name = "audit", description = "The append-only, hash-chained record of every decision")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.POLICY_ADMIN)
public class AuditResource {

    private static final Set<String> DECISIONS = Set.of("allow", "deny", "approval_required");

    private final AuditService service;

    public AuditResource(AuditService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Recorded decisions, newest first, filtered")
    @APIResponse(responseCode = "200", description = "A page of records",
            content = @Content(schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", description = "A filter is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditPage find(
            @Parameter(description = "Agent (client id)", example = "demo-agent") @QueryParam("agent") String agent,
            @Parameter(description = "Person acted for (e-mail)", example = "alice@example.com") @QueryParam("person") String person,
            @Parameter(example = "deploy") @QueryParam("action") String action,
            @Parameter(description = "allow, deny or approval_required") @QueryParam("decision") String decision,
            @Parameter(description = "Recorded at or after (ISO-8601)", example = "2026-11-24T00:00:00Z") @QueryParam("from") Instant from,
            @Parameter(description = "Recorded before (ISO-8601)") @QueryParam("to") Instant to,
            @Parameter(description = "The nextBefore of the previous page") @QueryParam("before") Long before,
            @Parameter(description = "At most this many (1-1000, default 100)") @QueryParam("limit") Integer limit) {
        return service.find(new AuditService.Filter(agent, person == null ? null : person.trim().toLowerCase(Locale.ROOT),
                action, QueryParameters.oneOf("decision", decision, DECISIONS), from, to), before,
                QueryParameters.positive("limit", limit, 100, 1000));
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Recompute the hash chain", description = "Checks every record's hash and its link to the record "
            + "before; names the first record that fails.")
    @APIResponse(responseCode = "200", description = "Whether the chain is intact, and where it breaks",
            content = @Content(schema = @Schema(implementation = ChainVerification.class)))
    public ChainVerification verify() {
        return service.verify();
    }
}
