package dev.goodhart.policy;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.common.problem.Problem;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.policy.audit.AuditUnavailableException;
import dev.goodhart.policy.cedar.InvalidDecisionInputException;
import dev.goodhart.policy.cedar.InvalidPolicySetException;

/** problem+json answers for policy-service's own failures. */
public class PolicyServiceProblems {

    private static final String AUDIT_RETRY_AFTER_SECONDS = "5";

    /** A decision request that does not fit the Cedar schema: 400, each field named. */
    @ServerExceptionMapper
    public Response invalidDecisionInput(InvalidDecisionInputException e, UriInfo uriInfo) {
        return respond(Problem.of(ProblemType.VALIDATION, e.getMessage(), path(uriInfo), e.errors()));
    }

    /** Cedar text that does not parse or validate: 400, each problem as {@code source:<line>:<column>}. */
    @ServerExceptionMapper
    public Response invalidPolicies(InvalidPolicySetException e, UriInfo uriInfo) {
        List<FieldError> errors = e.problems().stream()
                .map(problem -> new FieldError(problem.location(),
                        (problem.policyId() == null ? "" : "policy " + problem.policyId() + ": ") + problem.message()))
                .toList();
        return respond(Problem.of(ProblemType.VALIDATION, e.getMessage(), path(uriInfo), errors));
    }

    /** No decision leaves without its audit record: when the record cannot be written, the answer is not allow. */
    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e, UriInfo uriInfo) {
        Log.warnf("Decision refused because it could not be audited: %s", e.getMessage());
        return Response.fromResponse(respond(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "The decision could not be recorded in the audit log, so it is deny: do not act. Retry later.",
                path(uriInfo), List.of())))
                .header(HttpHeaders.RETRY_AFTER, AUDIT_RETRY_AFTER_SECONDS)
                .build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uriInfo) {
        return uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
    }
}
