package dev.goodhart.policy.cedar;

import java.util.List;
import java.util.Map;

import com.cedarpolicy.model.Effect;
import com.cedarpolicy.model.policy.Policy;

/**
 * A validated policy set: its policies under their {@code @id}, and what the annotations say about each. Not yet
 * loaded into the native cache; {@link PolicySetCache#load} does that for sets that are evaluated.
 */
public record CompiledPolicies(String source, Map<String, PolicyInfo> policies, List<Policy> cedarPolicies,
        List<PolicyProblem> warnings) {

    public static final String ID = "id";
    public static final String REASON = "reason";
    public static final String APPROVAL = "approval";
    public static final String APPROVAL_REQUIRED = "required";

    /**
     * One policy: its effect, its human-readable reason, whether a match needs human approval, and which requests its
     * scope can match.
     */
    public record PolicyInfo(String id, Effect effect, String reason, boolean approvalRequired, int line, PolicyScope scope) {
    }

    public PolicyInfo policy(String id) {
        return policies.get(id);
    }
}
