package dev.goodhart.policy.policytest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.goodhart.policy.cedar.DecisionInput;

/** One case of a {@code *.cedartest.json} file: a request and the decision the policies must give it. */
@RegisterForReflection
@Schema(description = "A request and the answer the policy set must give")
public record PolicyTestCase(
        @Schema(examples = "staging deploys are allowed") @NotBlank String name,
        @NotNull @Valid Agent agent,
        @Schema(examples = "alice@example.com") @NotBlank String onBehalfOf,
        @Schema(examples = "deploy") @NotBlank String action,
        @NotNull @Valid Resource resource,
        @Schema(type = SchemaType.OBJECT, description = "Context as an agent sends it") ObjectNode context,
        @Schema(description = "context.recent; zero counts when absent") DecisionInput.Recent recent,
        @Schema(enumeration = { "allow", "deny", "approval_required", "error" }) @NotBlank
        @Pattern(regexp = "allow|deny|approval_required|error", message = "must be allow, deny, approval_required or error")
        String expect,
        @Schema(description = "Policies that must be among the determining ones") List<String> expectPolicies,
        @Schema(description = "The expected basis, e.g. default_deny or forbid") String expectBasis) {

    /** The agent as the registry would describe it; without owner it is an unregistered agent. */
    @RegisterForReflection
    @Schema(name = "PolicyTestAgent")
    public record Agent(
            @Schema(examples = "demo-agent") @NotBlank String id,
            @Schema(examples = "alice@example.com") String owner,
            @Schema(examples = "low") String riskTier,
            String team) {
    }

    @RegisterForReflection
    @Schema(name = "PolicyTestResource")
    public record Resource(@NotBlank String type, @NotBlank String id,
            @Schema(type = SchemaType.OBJECT) ObjectNode attributes) {
    }
}
