package dev.goodhart.policy.cedar;

import java.util.List;

/**
 * What the policy set says about a request, before kill switch, approvals and budgets: {@code outcome} is
 * {@code allow}, {@code deny}, {@code approval_required} or {@code error} (an evaluation error, which denies).
 * {@code basis} tells why in one word: {@code permit}, {@code approval_policy}, {@code forbid}, {@code default_deny} or
 * {@code evaluation_error}.
 */
public record Verdict(String outcome, String basis, List<String> policies, List<String> reasons) {

    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String APPROVAL_REQUIRED = "approval_required";
    public static final String ERROR = "error";

    public static final String BASIS_PERMIT = "permit";
    public static final String BASIS_APPROVAL_POLICY = "approval_policy";
    public static final String BASIS_FORBID = "forbid";
    public static final String BASIS_DEFAULT_DENY = "default_deny";
    public static final String BASIS_EVALUATION_ERROR = "evaluation_error";

    /** The decision this verdict answers on its own: an evaluation error denies. */
    public String decision() {
        return ERROR.equals(outcome) ? DENY : outcome;
    }
}
