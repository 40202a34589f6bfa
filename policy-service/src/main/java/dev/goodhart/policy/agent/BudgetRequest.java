package dev.goodhart.policy.agent;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Daily budgets of an agent (a rolling 24 hours); null removes a limit")
public record BudgetRequest(
        @Schema(description = "Tokens per day (input, cache read and write, output, reasoning)", examples = "200000")
        @Min(0) Long dailyTokens,
        @Schema(description = "US dollars per day", examples = "25.00")
        @DecimalMin("0") @Digits(integer = 14, fraction = 4) BigDecimal dailyCostUsd) {
}
