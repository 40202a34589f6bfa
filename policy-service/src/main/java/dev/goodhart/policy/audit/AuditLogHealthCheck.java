package dev.goodhart.policy.audit;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready only while decisions can be recorded: an agent is never allowed without an audit record, so an instance that
 * cannot write the audit log takes itself out of rotation. Every probe tries an append (rolled back), so the instance
 * returns by itself once the cause is fixed.
 */
@Readiness
@ApplicationScoped
public class AuditLogHealthCheck implements HealthCheck {

    private final AuditWriter writer;

    public AuditLogHealthCheck(AuditWriter writer) {
        this.writer = writer;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("audit-log")
                .status(writer.canAppend())
                .withData("lastWriteFailed", !writer.lastWriteSucceeded());
        if (!writer.lastWriteSucceeded() && writer.lastFailure() != null) {
            response.withData("lastFailure", writer.lastFailure());
        }
        return response.build();
    }
}
