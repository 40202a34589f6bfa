package dev.goodhart.ingest.usage;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import dev.goodhart.common.problem.FieldError;

/**
 * The bean constraints declared on {@link UsageEventRequest} and {@link Artifact}, checked by hand with the same field
 * names and messages: Hibernate Validator's generic walk over two dozen constraints per event was a fifth of the batch
 * write path's CPU. The annotations stay, for the OpenAPI schema and as the reference that {@code UsageConstraintsTest}
 * holds this class to.
 */
final class UsageConstraints {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");
    private static final BigDecimal MAX_COST = new BigDecimal(UsageEventRequest.MAX_COST_USD);

    private UsageConstraints() {
    }

    static void check(UsageEventRequest request, List<FieldError> errors) {
        notBlank("id", request.id(), errors);
        size("id", request.id(), 200, errors);
        if (request.occurredAt() == null) {
            errors.add(new FieldError("occurredAt", "must not be null"));
        }
        notBlank("person", request.person(), errors);
        size("person", request.person(), 320, errors);
        size("team", request.team(), 100, errors);
        size("agent", request.agent(), 200, errors);
        size("provider", request.provider(), 100, errors);
        size("model", request.model(), 200, errors);
        size("operation", request.operation(), 100, errors);
        tokens("inputTokens", request.inputTokens(), errors);
        tokens("cacheReadTokens", request.cacheReadTokens(), errors);
        tokens("cacheWriteTokens", request.cacheWriteTokens(), errors);
        tokens("outputTokens", request.outputTokens(), errors);
        tokens("reasoningTokens", request.reasoningTokens(), errors);
        if (request.costUsd() != null) {
            if (request.costUsd().signum() < 0) {
                errors.add(new FieldError("costUsd", "must be greater than or equal to 0"));
            } else if (request.costUsd().compareTo(MAX_COST) > 0) {
                errors.add(new FieldError("costUsd", "must be less than or equal to " + UsageEventRequest.MAX_COST_USD));
            }
        }
        size("sessionId", request.sessionId(), 200, errors);
        size("taskId", request.taskId(), 200, errors);
        matches("traceId", request.traceId(), TRACE_ID, errors);
        if (request.artifact() != null) {
            notBlank("artifact.kind", request.artifact().kind(), errors);
            size("artifact.kind", request.artifact().kind(), 100, errors);
            notBlank("artifact.ref", request.artifact().ref(), errors);
            size("artifact.ref", request.artifact().ref(), 1000, errors);
        }
        matches("promptFingerprint", request.promptFingerprint(), FINGERPRINT, errors);
        matches("outputFingerprint", request.outputFingerprint(), FINGERPRINT, errors);
    }

    private static void notBlank(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        }
    }

    private static void size(String field, String value, int max, List<FieldError> errors) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "size must be between 0 and " + max));
        }
    }

    private static void tokens(String field, Long value, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (value < 0) {
            errors.add(new FieldError(field, "must be greater than or equal to 0"));
        } else if (value > UsageEventRequest.MAX_TOKENS) {
            errors.add(new FieldError(field, "must be less than or equal to " + UsageEventRequest.MAX_TOKENS));
        }
    }

    private static void matches(String field, String value, Pattern pattern, List<FieldError> errors) {
        if (value != null && !pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, "must match \"" + pattern.pattern() + "\""));
        }
    }
}
