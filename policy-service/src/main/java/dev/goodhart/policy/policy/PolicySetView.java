package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.goodhart.policy.cedar.CompiledPolicies;
import dev.goodhart.policy.cedar.PolicyProblem;

@Schema(description = "A version of the Cedar policy set")
public record PolicySetView(
        @Schema(examples = "3") int version,
        @Schema(description = "Cedar source text") String source,
        Instant createdAt,
        @Schema(examples = "ada@example.com") String createdBy,
        boolean active,
        @Schema(description = "The policies by @id; empty when the stored text no longer validates against the schema")
        List<PolicySummary> policies,
        @Schema(description = "Validator warnings (the set is accepted)") List<PolicyProblem> warnings) {

    static PolicySetView of(PolicyVersion version, CompiledPolicies compiled) {
        return new PolicySetView(version.version, version.source, version.createdAt, version.createdBy, version.active,
                compiled == null ? List.of() : PolicySummary.of(compiled), compiled == null ? List.of() : compiled.warnings());
    }
}
