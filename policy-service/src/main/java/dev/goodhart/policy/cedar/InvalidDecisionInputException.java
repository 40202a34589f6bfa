package dev.goodhart.policy.cedar;

import java.util.List;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;

/** A decision request that does not fit the Cedar schema: a 400 in which each error names the field of the request. */
public class InvalidDecisionInputException extends ProblemException {

    public InvalidDecisionInputException(List<FieldError> errors) {
        super(ProblemType.VALIDATION, errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).detail()
                : errors.size() + " fields are not valid", errors);
    }
}
