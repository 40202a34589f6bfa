package dev.goodhart.ingest.ingest;

import java.util.List;

import dev.goodhart.common.problem.FieldError;

/**
 * One event of a request as it was read: its position, the NDJSON line it came from (null for JSON), and either the
 * bound request or why it could not be bound.
 */
public record Incoming<Q>(int index, Integer line, Q request, List<FieldError> errors) {

    public static <Q> Incoming<Q> bound(int index, Integer line, Q request) {
        return new Incoming<>(index, line, request, List.of());
    }

    public static <Q> Incoming<Q> unreadable(int index, Integer line, FieldError error) {
        return new Incoming<>(index, line, null, List.of(error));
    }
}
