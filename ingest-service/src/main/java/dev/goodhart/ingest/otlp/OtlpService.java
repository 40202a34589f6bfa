package dev.goodhart.ingest.otlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.Incoming;
import dev.goodhart.ingest.ingest.WriteMode;
import dev.goodhart.ingest.ingest.WriteResult;
import dev.goodhart.ingest.outcome.OutcomeService;
import dev.goodhart.ingest.usage.UsageEventService;

/**
 * Stores what an OTLP request maps to in one transaction (series state included) and answers in OTLP's terms: items
 * that could not be stored are counted in {@code partialSuccess}, with the first reasons as its message. OTLP clients
 * do not retry partially rejected data, so the answer is 200 even when every item was rejected.
 */
@ApplicationScoped
@Transactional
public class OtlpService {

    private static final int REASONS_IN_MESSAGE = 5;

    private final SpanMapper spans;
    private final MetricMapper metrics;
    private final LogMapper logs;
    private final UsageEventService usage;
    private final OutcomeService outcomes;

    public OtlpService(SpanMapper spans, MetricMapper metrics, LogMapper logs, UsageEventService usage,
            OutcomeService outcomes) {
        this.spans = spans;
        this.metrics = metrics;
        this.logs = logs;
        this.usage = usage;
        this.outcomes = outcomes;
    }

    public ExportTraceServiceResponse traces(ExportTraceServiceRequest request) {
        Rejections rejections = store(spans.map(request));
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (rejections.count > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejections.count).setErrorMessage(rejections.message()));
        }
        return response.build();
    }

    public ExportMetricsServiceResponse metrics(ExportMetricsServiceRequest request) {
        Rejections rejections = store(metrics.map(request));
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (rejections.count > 0) {
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(rejections.count).setErrorMessage(rejections.message()));
        }
        return response.build();
    }

    public ExportLogsServiceResponse logs(ExportLogsServiceRequest request) {
        Rejections rejections = store(logs.map(request));
        ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
        if (rejections.count > 0) {
            response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejections.count).setErrorMessage(rejections.message()));
        }
        return response.build();
    }

    /** How many OTLP items were rejected, and why. */
    private static final class Rejections {
        long count;
        final Set<String> reasons = new LinkedHashSet<>();

        String message() {
            return reasons.stream().limit(REASONS_IN_MESSAGE).collect(Collectors.joining("; "))
                    + (reasons.size() > REASONS_IN_MESSAGE ? "; …" : "");
        }
    }

    private Rejections store(Mapped mapped) {
        Rejections rejections = new Rejections();
        byGroup(mapped.usage).forEach((group, items) -> write(items, rejections, (batch, source) -> group.countOnly
                ? usage.ingestCountOnly(batch, source, WriteMode.REPORT)
                : usage.ingest(batch, source, WriteMode.REPORT)));
        byGroup(mapped.outcomes).forEach((group, items) -> write(items, rejections,
                (batch, source) -> outcomes.ingest(batch, source, WriteMode.REPORT)));
        return rejections;
    }

    private record Group(String source, boolean countOnly) {
    }

    private static <Q> Map<Group, List<Mapped.Item<Q>>> byGroup(List<Mapped.Item<Q>> items) {
        Map<Group, List<Mapped.Item<Q>>> groups = new LinkedHashMap<>();
        items.forEach(item -> groups.computeIfAbsent(new Group(item.source(), item.countOnly()), key -> new ArrayList<>())
                .add(item));
        return groups;
    }

    private static <Q> void write(List<Mapped.Item<Q>> items, Rejections rejections,
            BiFunction<Batch<Q>, String, WriteResult> writer) {
        List<Incoming<Q>> incoming = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            Mapped.Item<Q> item = items.get(index);
            incoming.add(item.error() == null ? Incoming.bound(index, null, item.request())
                    : Incoming.unreadable(index, null, item.error()));
        }
        WriteResult result = writer.apply(new Batch<>(incoming, false), items.get(0).source());
        Set<Integer> rejectedIndexes = new LinkedHashSet<>();
        for (WriteResult.RejectedItem rejected : result.rejected()) {
            if (rejectedIndexes.add(rejected.index())) {
                rejections.count += items.get(rejected.index()).weight();
            }
            rejections.reasons.add(rejected.field() == null ? rejected.detail() : rejected.field() + ": " + rejected.detail());
        }
    }
}
