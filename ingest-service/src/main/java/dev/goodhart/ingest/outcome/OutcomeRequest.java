package dev.goodhart.ingest.outcome;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Something that happened in the world, linked to AI usage by sessionId, taskId, traceId or ref. */
@RegisterForReflection
@Schema(name = "Outcome", description = "Something that happened in the world. Required: id, occurredAt, kind, and "
        + "person for every kind but meeting_held; meeting_held needs ref = meeting:<id>.")
public record OutcomeRequest(
        @Schema(examples = "out-3", description = "Idempotency key: a retry with the same id is counted once")
        @NotBlank @Size(max = 200) String id,
        @Schema(examples = "2026-11-23T15:00:00Z") @NotNull Instant occurredAt,
        @Schema(examples = "alice@example.com", description = "Whose outcome it is (the PR author, the person who "
                + "accepted the output); replaced by a keyed hash before storage. Optional for meeting_held")
        @Size(max = 320) String person,
        @Schema(examples = "payments") @Size(max = 100) String team,
        @Schema(examples = "pr_merged") @NotNull OutcomeKind kind,
        @Schema(examples = "https://github.com/acme/shop/pull/42") @Size(max = 1000) String ref,
        @Schema(examples = "s-91") @Size(max = 200) String sessionId,
        @Schema(examples = "PAY-12") @Size(max = 200) String taskId,
        @Schema(examples = "5b8efff798038103d269b633813fc60c") @Pattern(regexp = "[0-9a-f]{32}") String traceId,
        @Schema(description = "Free attributes, with the same limits as on usage events") Map<String, Object> attributes) {
}
