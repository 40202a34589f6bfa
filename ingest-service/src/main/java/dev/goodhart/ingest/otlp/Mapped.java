package dev.goodhart.ingest.otlp;

import java.util.ArrayList;
import java.util.List;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.outcome.OutcomeRequest;
import dev.goodhart.ingest.usage.UsageEventRequest;

/**
 * What one OTLP request maps to: usage events and outcomes, each with the source it is stored under, or the reason it
 * cannot be mapped, and how many OTLP items (spans, data points, log records) it stands for, so that partial success
 * counts rejected items in OTLP's terms.
 */
final class Mapped {

    /** One event to store, or the reason why not. */
    record Item<Q>(String source, Q request, FieldError error, int weight, boolean countOnly) {
    }

    final List<Item<UsageEventRequest>> usage = new ArrayList<>();
    final List<Item<OutcomeRequest>> outcomes = new ArrayList<>();

    void usage(String source, UsageEventRequest request, int weight) {
        usage.add(new Item<>(source, request, null, weight, false));
    }

    /** A usage sample that carries counts but no tokens (README, "One token model"). */
    void countOnlyUsage(String source, UsageEventRequest request, int weight) {
        usage.add(new Item<>(source, request, null, weight, true));
    }

    void outcome(String source, OutcomeRequest request, int weight) {
        outcomes.add(new Item<>(source, request, null, weight, false));
    }

    /** An item that cannot become an event; it is reported as rejected. */
    void unusable(String source, List<FieldError> errors, int weight) {
        usage.add(new Item<>(source, null, errors.get(0), weight, false));
    }
}
