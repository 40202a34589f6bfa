package dev.goodhart.ingest.copilot;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of GitHub Copilot's user-level usage metrics report (NDJSON export or API download): one user's activity on
 * one day. Fields this service does not use are ignored, so newer report versions are accepted.
 */
@RegisterForReflection
@Schema(name = "CopilotUserDay", description = "A line of the Copilot usage metrics user-level report")
public record CopilotUserDay(
        @Schema(examples = "2026-11-20") @NotNull LocalDate day,
        @JsonProperty("user_login") @Schema(examples = "octocat") @NotBlank @Size(max = 100) String userLogin,
        @JsonProperty("user_initiated_interaction_count") @PositiveOrZero Long userInitiatedInteractionCount,
        @JsonProperty("code_generation_activity_count") @PositiveOrZero Long codeGenerationActivityCount,
        @JsonProperty("code_acceptance_activity_count") @PositiveOrZero Long codeAcceptanceActivityCount,
        @JsonProperty("loc_suggested_to_add_sum") @PositiveOrZero Long locSuggestedToAddSum,
        @JsonProperty("loc_suggested_to_delete_sum") @PositiveOrZero Long locSuggestedToDeleteSum,
        @JsonProperty("loc_added_sum") @PositiveOrZero Long locAddedSum,
        @JsonProperty("loc_deleted_sum") @PositiveOrZero Long locDeletedSum,
        @JsonProperty("used_agent") Boolean usedAgent,
        @JsonProperty("used_chat") Boolean usedChat,
        @JsonProperty("used_cli") Boolean usedCli,
        @JsonProperty("ai_credits_used") @DecimalMin("0") BigDecimal aiCreditsUsed,
        @JsonProperty("totals_by_ide") @Size(max = 64) List<Breakdown> totalsByIde,
        @JsonProperty("totals_by_feature") @Size(max = 64) List<Breakdown> totalsByFeature,
        @JsonProperty("totals_by_language_feature") @Size(max = 512) List<Breakdown> totalsByLanguageFeature,
        @JsonProperty("totals_by_language_model") @Size(max = 512) List<Breakdown> totalsByLanguageModel,
        @JsonProperty("totals_by_model_feature") @Size(max = 512) List<Breakdown> totalsByModelFeature,
        @JsonProperty("totals_by_cli") @Valid CliTotals totalsByCli) {

    /** One entry of a per-IDE, per-feature, per-language or per-model breakdown; only its names are kept. */
    @RegisterForReflection
    public record Breakdown(@Size(max = 100) String ide, @Size(max = 100) String feature,
            @Size(max = 100) String language, @Size(max = 100) String model) {
    }

    /** Copilot CLI usage of the day: the only part of the report with token counts. */
    @RegisterForReflection
    public record CliTotals(
            @JsonProperty("session_count") @PositiveOrZero Long sessionCount,
            @JsonProperty("request_count") @PositiveOrZero Long requestCount,
            @JsonProperty("prompt_count") @PositiveOrZero Long promptCount,
            @JsonProperty("token_usage") @Valid TokenUsage tokenUsage) {
    }

    @RegisterForReflection
    public record TokenUsage(
            @JsonProperty("prompt_tokens_sum") @PositiveOrZero Long promptTokensSum,
            @JsonProperty("output_tokens_sum") @PositiveOrZero Long outputTokensSum) {
    }
}
