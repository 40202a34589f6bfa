package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A recorded decision on which two policy sets disagree")
public record VerdictChange(
        UUID decisionId,
        Instant recordedAt,
        @Schema(examples = "demo-agent") String agent,
        @Schema(examples = "alice@example.com") String onBehalfOf,
        @Schema(examples = "deploy") String action,
        @Schema(examples = "Service::\"checkout\"") String resource,
        @Schema(description = "What the active (or recorded) policy set said") Side before,
        @Schema(description = "What the candidate says") Side after) {

    @Schema(name = "VerdictSide", description = "One policy set's verdict")
    public record Side(
            @Schema(enumeration = { "allow", "deny", "approval_required", "error" }) String verdict,
            List<String> policies,
            List<String> reasons) {
    }

    /** "allow→deny": how the transitions are counted. */
    public String transition() {
        return before.verdict() + "→" + after.verdict();
    }
}
