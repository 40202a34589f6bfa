package dev.goodhart.policy.approval;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import dev.goodhart.policy.QueryParameters;
import dev.goodhart.policy.identity.Caller;

@Path("/v1/approvals")
@Tag(name = "approvals", description = "Humans in the loop: approve or reject what an agent asked to do")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalResource {

    private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "expired", "used");

    private final ApprovalService service;
    private final Caller caller;

    public ApprovalResource(ApprovalService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.EMPLOYEE, Roles.POLICY_ADMIN, Roles.AGENT })
    @Operation(summary = "Approvals the caller may see, newest first",
            description = "An employee sees approvals made on their behalf, an agent its own, a policy admin all.")
    @APIResponse(responseCode = "200", description = "The approvals",
            content = @Content(schema = @Schema(implementation = ApprovalView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "A parameter is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ApprovalView> list(
            @Parameter(description = "pending, approved, rejected, expired or used") @QueryParam("status") String status,
            @Parameter(description = "At most this many (1-1000, default 100)") @QueryParam("limit") Integer limit) {
        return service.list(caller, QueryParameters.oneOf("status", status, STATUSES),
                QueryParameters.positive("limit", limit, 100, 1000));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.EMPLOYEE, Roles.POLICY_ADMIN, Roles.AGENT })
    @Operation(summary = "One approval: the person acted for, the agent that asked, or a policy admin")
    @APIResponse(responseCode = "200", description = "The approval",
            content = @Content(schema = @Schema(implementation = ApprovalView.class)))
    @APIResponse(responseCode = "404", description = "No such approval",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApprovalView get(@PathParam("id") UUID id) {
        return service.get(id, caller);
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.EMPLOYEE, Roles.POLICY_ADMIN })
    @Operation(summary = "Approve: the agent may then do exactly this, once, before the approval expires",
            description = "The person acted for (their token's e-mail) or a policy admin. The body (a comment) is optional.")
    @APIResponse(responseCode = "200", description = "The approval, approved",
            content = @Content(schema = @Schema(implementation = ApprovalView.class)))
    @APIResponse(responseCode = "404", description = "No such approval",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already decided, used or expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApprovalView approve(@PathParam("id") UUID id, @Valid ApprovalDecision decision) {
        return service.approve(id, caller, decision == null ? null : decision.comment());
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.EMPLOYEE, Roles.POLICY_ADMIN })
    @Operation(summary = "Reject: the agent's request is denied",
            description = "The person acted for (their token's e-mail) or a policy admin. The body (a comment) is optional.")
    @APIResponse(responseCode = "200", description = "The approval, rejected",
            content = @Content(schema = @Schema(implementation = ApprovalView.class)))
    @APIResponse(responseCode = "404", description = "No such approval",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already decided, used or expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApprovalView reject(@PathParam("id") UUID id, @Valid ApprovalDecision decision) {
        return service.reject(id, caller, decision == null ? null : decision.comment());
    }
}
