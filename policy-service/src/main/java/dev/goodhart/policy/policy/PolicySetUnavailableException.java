package dev.goodhart.policy.policy;

/** The active policy set cannot be evaluated (for example, it no longer validates against a replaced schema). */
public class PolicySetUnavailableException extends RuntimeException {

    public PolicySetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
