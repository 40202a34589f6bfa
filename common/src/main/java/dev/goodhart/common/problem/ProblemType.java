package dev.goodhart.common.problem;

import java.net.URI;
import java.util.Arrays;

/**
 * The stable problem types every service answers with. The {@code type} URI never changes once published:
 * clients branch on it, humans read {@code title} and {@code detail}.
 */
public enum ProblemType {
    VALIDATION(400, "validation", "The request is not valid"),
    MALFORMED_BODY(400, "malformed-body", "The request body cannot be parsed"),
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "No acceptable representation"),
    CONFLICT(409, "conflict", "Conflict with the current state"),
    GONE(410, "gone", "No longer available"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type"),
    UNPROCESSABLE(422, "unprocessable", "The request cannot be processed"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    BAD_GATEWAY(502, "bad-gateway", "An upstream service failed"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Temporarily unavailable");

    private static final String BASE = "https://goodhart.dev/problems/";

    private final int status;
    private final URI type;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.type = URI.create(BASE + slug);
        this.title = title;
    }

    public int status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The type for an HTTP status raised by the framework (a 405, a 406...); unknown ones fall back by class. */
    public static ProblemType forStatus(int status) {
        return Arrays.stream(values())
                .filter(candidate -> candidate.status == status && candidate != MALFORMED_BODY)
                .findFirst()
                .orElse(status >= 500 ? INTERNAL : VALIDATION);
    }
}
