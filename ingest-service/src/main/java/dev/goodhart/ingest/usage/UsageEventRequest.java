package dev.goodhart.ingest.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One AI call as a source reports it. {@code inputTokens} counts uncached input only. */
@Schema(name = "UsageEvent", description = "One AI call. Required: id, occurredAt, person and at least one token count.")
public record UsageEventRequest(
        @Schema(examples = "evt-8f2c", description = "Idempotency key: a retry with the same id is counted once")
        @NotBlank @Size(max = 200) String id,
        @Schema(examples = "2026-11-23T10:00:00Z") @NotNull Instant occurredAt,
        @Schema(examples = "alice@example.com", description = "Replaced by a keyed hash before storage")
        @NotBlank @Size(max = 320) String person,
        @Schema(examples = "payments") @Size(max = 100) String team,
        @Schema(examples = "triage-bot") @Size(max = 200) String agent,
        @Schema(examples = "anthropic") @Size(max = 100) String provider,
        @Schema(examples = "claude-sonnet-4") @Size(max = 200) String model,
        @Schema(examples = "chat") @Size(max = 100) String operation,
        @Schema(examples = "400") @PositiveOrZero @Max(MAX_TOKENS) Long inputTokens,
        @Schema(examples = "800") @PositiveOrZero @Max(MAX_TOKENS) Long cacheReadTokens,
        @Schema(examples = "0") @PositiveOrZero @Max(MAX_TOKENS) Long cacheWriteTokens,
        @Schema(examples = "180") @PositiveOrZero @Max(MAX_TOKENS) Long outputTokens,
        @Schema(examples = "0") @PositiveOrZero @Max(MAX_TOKENS) Long reasoningTokens,
        @Schema(examples = "0.0123") @DecimalMin("0") BigDecimal costUsd,
        @Schema(examples = "s-91") @Size(max = 200) String sessionId,
        @Schema(examples = "PAY-12") @Size(max = 200) String taskId,
        @Schema(examples = "5b8efff798038103d269b633813fc60c") @Pattern(regexp = "[0-9a-f]{32}") String traceId,
        Trigger trigger,
        @Valid Artifact artifact,
        @Schema(examples = "a3f09c1e77d2b410", description = "64-bit SimHash of the prompt, 16 hex digits")
        @Pattern(regexp = "[0-9a-f]{16}") String promptFingerprint,
        Map<String, Object> attributes) {

    /** More tokens than any single call can use today: a typo or an attack, not usage. */
    public static final long MAX_TOKENS = 10_000_000L;

    @JsonIgnore
    @AssertTrue(message = "at least one of inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens, reasoningTokens is required")
    public boolean isTokenCountPresent() {
        return inputTokens != null || cacheReadTokens != null || cacheWriteTokens != null || outputTokens != null
                || reasoningTokens != null;
    }
}
