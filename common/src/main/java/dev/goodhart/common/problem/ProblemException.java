package dev.goodhart.common.problem;

import java.util.List;

/**
 * Thrown by service code to answer with a specific problem; mapped by {@link ProblemMappers}.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + detail, List.of(new FieldError(field, detail)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
