package dev.goodhart.common.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * RFC 9457 problem details, the body of every error answer ({@code application/problem+json}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// Returned inside a Response, so native builds do not discover it from resource signatures.
@RegisterForReflection
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "Stable identifier of the problem type", examples = "https://goodhart.dev/problems/validation")
        URI type,
        @Schema(description = "Short, human summary of the problem type", examples = "The request is not valid")
        String title,
        @Schema(description = "HTTP status code", examples = "400")
        int status,
        @Schema(description = "What went wrong with this request", examples = "1 field is not valid")
        String detail,
        @Schema(description = "The request path", examples = "/v1/usage-events")
        String instance,
        @Schema(description = "The offending fields, for validation problems")
        List<FieldError> errors,
        @Schema(description = "Reference to quote to operators, for internal errors")
        String incidentId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail, String instance, List<FieldError> errors) {
        return new Problem(type.type(), type.title(), type.status(), detail, instance, errors, null);
    }
}
