package dev.goodhart.policy.policytest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The outcome of running policy tests")
public record PolicyTestReport(
        @Schema(description = "The policy version tested; null when the suite brought its own Cedar text") Integer policyVersion,
        int passed,
        int failed,
        List<CaseResult> results) {

    @Schema(name = "PolicyTestCaseResult")
    public record CaseResult(
            String name,
            boolean passed,
            @Schema(examples = "allow") String expected,
            @Schema(examples = "deny") String actual,
            String basis,
            List<String> policies,
            List<String> reasons,
            @Schema(description = "Why the case failed") String failure) {
    }
}
