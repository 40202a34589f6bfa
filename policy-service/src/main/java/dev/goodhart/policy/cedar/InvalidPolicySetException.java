package dev.goodhart.policy.cedar;

import java.util.List;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;

/**
 * Cedar text that does not parse, lacks stable ids, or does not validate against the schema: a 400 with one error per
 * problem, named {@code source:<line>:<column>}.
 */
public class InvalidPolicySetException extends ProblemException {

    private final List<PolicyProblem> problems;

    public InvalidPolicySetException(List<PolicyProblem> problems) {
        super(ProblemType.VALIDATION, summary(problems), problems.stream()
                .map(problem -> new FieldError(problem.location(),
                        (problem.policyId() == null ? "" : "policy " + problem.policyId() + ": ") + problem.message()))
                .toList());
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
