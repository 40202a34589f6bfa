package dev.goodhart.ingest.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One AI call as a source reports it. {@code inputTokens} counts uncached input only. */
@RegisterForReflection
@Schema(name = "UsageEvent", description = "One AI call. Required: id, occurredAt, person and at least one token count.")
public record UsageEventRequest(
        @Schema(examples = "evt-8f2c", description = "Idempotency key: a retry with the same id is counted once")
        @NotBlank @Size(max = 200) String id,
        @Schema(examples = "2026-11-23T10:00:00Z", description = "UTC; at most the allowed clock skew in the future and "
                + "not older than the retention period") @NotNull Instant occurredAt,
        @Schema(examples = "alice@example.com", description = "Replaced by a keyed hash before storage")
        @NotBlank @Size(max = 320) String person,
        @Schema(examples = "payments") @Size(max = 100) String team,
        @Schema(examples = "triage-bot", description = "The agent's OIDC client id, when an agent made the call")
        @Size(max = 200) String agent,
        @Schema(examples = "anthropic") @Size(max = 100) String provider,
        @Schema(examples = "claude-sonnet-4") @Size(max = 200) String model,
        @Schema(examples = "chat") @Size(max = 100) String operation,
        @Schema(examples = "400", description = "Uncached input tokens") @PositiveOrZero @Max(MAX_TOKENS) Long inputTokens,
        @Schema(examples = "800") @PositiveOrZero @Max(MAX_TOKENS) Long cacheReadTokens,
        @Schema(examples = "0") @PositiveOrZero @Max(MAX_TOKENS) Long cacheWriteTokens,
        @Schema(examples = "180") @PositiveOrZero @Max(MAX_TOKENS) Long outputTokens,
        @Schema(examples = "0") @PositiveOrZero @Max(MAX_TOKENS) Long reasoningTokens,
        @Schema(examples = "0.0123") @DecimalMin("0") @DecimalMax(MAX_COST_USD) BigDecimal costUsd,
        @Schema(examples = "s-91") @Size(max = 200) String sessionId,
        @Schema(examples = "PAY-12") @Size(max = 200) String taskId,
        @Schema(examples = "5b8efff798038103d269b633813fc60c") @Pattern(regexp = "[0-9a-f]{32}") String traceId,
        Trigger trigger,
        @Valid Artifact artifact,
        @Schema(examples = "a3f09c1e77d2b410", description = "64-bit SimHash of the prompt, 16 hex digits (algorithm in "
                + "docs/contracts.md)") @Pattern(regexp = "[0-9a-f]{16}") String promptFingerprint,
        @Schema(examples = "0c1d9e02f0a4b7c3", description = "64-bit SimHash of the output, 16 hex digits")
        @Pattern(regexp = "[0-9a-f]{16}") String outputFingerprint,
        @Schema(description = "Raw prompt text: refused unless the deployment enables fingerprinting, in which case "
                + "only its SimHash is kept") String prompt,
        @Schema(description = "Raw output text: refused unless fingerprinting is enabled, then only its SimHash is kept")
        String output,
        @Schema(description = "Free attributes: at most 64, scalars or short arrays of scalars, strings up to 512 "
                + "characters; names that suggest prompt or output content are refused")
        Map<String, Object> attributes) {

    /** More tokens than any single call can use today: a typo or an attack, not usage. */
    public static final long MAX_TOKENS = 10_000_000L;
    /** More than any single call costs today. */
    public static final String MAX_COST_USD = "10000";

    boolean hasTokenCount() {
        return inputTokens != null || cacheReadTokens != null || cacheWriteTokens != null || outputTokens != null
                || reasoningTokens != null;
    }
}
