package dev.goodhart.policy;

import java.util.Set;

import dev.goodhart.common.problem.ProblemException;

/**
 * Checks of query parameters that name the parameter in the problem (Bean Validation on a resource method parameter
 * reports it as {@code body} through the shared mapper).
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The value, or the default when absent; between 1 and {@code max}. */
    public static int positive(String name, Integer value, int fallback, int max) {
        int result = value == null ? fallback : value;
        if (result < 1 || result > max) {
            throw ProblemException.invalidField(name, "must be between 1 and " + max);
        }
        return result;
    }

    /** The value when it is one of the allowed ones (or absent). */
    public static String oneOf(String name, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ProblemException.invalidField(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }
}
