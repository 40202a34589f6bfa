package dev.goodhart.policy.cedar;

import java.util.List;

/** Cedar text that does not parse, lacks stable ids, or does not validate against the schema. */
public class InvalidPolicySetException extends RuntimeException {

    private final List<PolicyProblem> problems;

    public InvalidPolicySetException(List<PolicyProblem> problems) {
        super(summary(problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String summary(List<PolicyProblem> problems) {
        PolicyProblem first = problems.get(0);
        return (problems.size() == 1 ? "1 error" : problems.size() + " errors") + " in the Cedar text; the first at line "
                + first.line() + ", column " + first.column() + ": " + first.message();
    }
}
