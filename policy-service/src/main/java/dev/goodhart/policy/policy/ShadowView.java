package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A candidate policy set evaluated beside the active one")
public record ShadowView(
        @Schema(examples = "2") int id,
        String source,
        Instant createdAt,
        @Schema(examples = "ada@example.com") String createdBy,
        boolean running,
        Instant stoppedAt,
        @Schema(description = "Decisions evaluated beside the active set so far") long compared,
        List<PolicySummary> policies) {
}
