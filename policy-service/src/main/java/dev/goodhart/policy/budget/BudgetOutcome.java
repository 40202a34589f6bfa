package dev.goodhart.policy.budget;

/**
 * What the budget says about a decision the policies allow: {@code allowed}, and when not, the basis
 * ({@code budget_exhausted} or {@code spend_unavailable}) and a reason. A note explains an allow in a degraded mode.
 */
public record BudgetOutcome(boolean allowed, String basis, String reason, String note) {

    public static final String BUDGET_EXHAUSTED = "budget_exhausted";
    public static final String SPEND_UNAVAILABLE = "spend_unavailable";

    static final BudgetOutcome NO_BUDGET = new BudgetOutcome(true, null, null, null);

    static BudgetOutcome within(String note) {
        return new BudgetOutcome(true, null, null, note);
    }

    static BudgetOutcome denied(String basis, String reason) {
        return new BudgetOutcome(false, basis, reason, null);
    }
}
