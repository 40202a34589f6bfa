package dev.goodhart.policy.cedar;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error or warning in Cedar text, placed by line and column (1-based). */
@Schema(description = "A problem in the Cedar text, by line and column")
public record PolicyProblem(
        @Schema(examples = "12") int line,
        @Schema(examples = "8") int column,
        @Schema(description = "The @id of the policy, when the problem is inside one", examples = "deploy-to-staging") String policyId,
        @Schema(examples = "attribute `enviroment` on entity type `Service` not found (did you mean `environment`?)") String message) {

    /** Field name in problem+json answers: {@code source:<line>:<column>}. */
    public String location() {
        return "source:" + line + ":" + column;
    }
}
