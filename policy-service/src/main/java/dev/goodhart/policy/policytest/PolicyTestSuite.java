package dev.goodhart.policy.policytest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code *.cedartest.json} format: policies (inline Cedar text, or in files a {@code policyFile} next to the test
 * file) and cases. Over HTTP, a suite without policies tests the active policy set.
 */
@RegisterForReflection
@Schema(description = "Policy tests: requests and the answers the policy set must give")
public record PolicyTestSuite(
        @Schema(examples = "The default policy set") String description,
        @Schema(description = "Cedar text to test; absent: the active policy set") String policies,
        @Schema(description = "Only in files: a Cedar file relative to the test file") String policyFile,
        @NotEmpty List<@Valid PolicyTestCase> cases) {
}
