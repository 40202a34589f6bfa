package dev.goodhart.policy;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;

import dev.goodhart.common.problem.ProblemMappers;
import dev.goodhart.policy.audit.AuditUnavailableException;

/** The one answer of policy-service that needs more than a ProblemException: a refused decision says when to retry. */
public class PolicyServiceProblems {

    /** No decision leaves without its audit record: when the record cannot be written, the answer is not allow. */
    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e, UriInfo uriInfo) {
        Log.warnf("Decision refused because it could not be audited: %s", e.getMessage());
        return ProblemMappers.unavailable(
                "The decision could not be recorded in the audit log, so it is deny: do not act. Retry later.", uriInfo);
    }
}
