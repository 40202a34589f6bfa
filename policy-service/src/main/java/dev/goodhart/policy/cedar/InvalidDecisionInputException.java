package dev.goodhart.policy.cedar;

import java.util.List;

import dev.goodhart.common.problem.FieldError;

/** A decision request that does not fit the Cedar schema; each error names the field of the API request. */
public class InvalidDecisionInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidDecisionInputException(List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).detail() : errors.size() + " fields are not valid",
                null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
