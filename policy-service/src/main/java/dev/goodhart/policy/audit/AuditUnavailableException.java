package dev.goodhart.policy.audit;

/** The audit record of a decision could not be made durable: the decision is deny and is not answered as one. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
