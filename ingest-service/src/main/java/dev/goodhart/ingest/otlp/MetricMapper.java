package dev.goodhart.ingest.otlp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.config.IngestConfig;
import dev.goodhart.ingest.config.IngestConfig.ClaudeCodeUsageFrom;
import dev.goodhart.ingest.otlp.CumulativeDeltas.Delta;
import dev.goodhart.ingest.outcome.OutcomeKind;
import dev.goodhart.ingest.outcome.OutcomeRequest;
import dev.goodhart.ingest.usage.TokenModel;
import dev.goodhart.ingest.usage.UsageSample;

/**
 * Usage and outcomes from metrics: OpenTelemetry GenAI's {@code gen_ai.client.token.usage} histogram and its newer
 * {@code gen_ai.client.inference.usage.*} counters, and Claude Code's metrics. Cumulative series become deltas
 * ({@link CumulativeDeltas}); delta series are taken as they are. The points of one series identity and interval that
 * differ only by token type become one usage event, whose id is derived from that identity and interval, so a re-sent
 * batch is a duplicate. Metrics not listed here are accepted and ignored.
 */
@ApplicationScoped
public class MetricMapper {

    static final String GEN_AI_TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String INFERENCE_PREFIX = "gen_ai.client.inference.usage.";
    static final String CLAUDE_TOKENS = "claude_code.token.usage";
    static final String CLAUDE_COST = "claude_code.cost.usage";
    static final String CLAUDE_DECISION = "claude_code.code_edit_tool.decision";
    static final String CLAUDE_PULL_REQUESTS = "claude_code.pull_request.count";
    static final String CLAUDE_COMMITS = "claude_code.commit.count";
    static final String CLAUDE_SESSIONS = "claude_code.session.count";
    /** Set on events from {@code gen_ai.client.token.usage}: its input counts cannot be split into cached and not. */
    static final String CACHE_NOT_SEPARATED = "goodhart.cache_not_separated";

    private final CumulativeDeltas deltas;
    private final boolean claudeCodeUsageFromMetrics;

    public MetricMapper(CumulativeDeltas deltas, IngestConfig config) {
        this.deltas = deltas;
        this.claudeCodeUsageFromMetrics = config.otlp().claudeCodeUsageFrom() == ClaudeCodeUsageFrom.METRICS;
    }

    /** One data point, as a value over an interval. */
    private record Point(Attributes attributes, long startUnixNano, long timeUnixNano, double value, long count,
            boolean cumulative) {
    }

    /** The usage event of one series identity and interval, being summed up from its token-type points. */
    private static final class Group {
        final String source;
        final Attributes attributes;
        final UsageSample sample = new UsageSample();
        Long totalInput;
        int points;

        Group(String source, Attributes attributes) {
            this.source = source;
            this.attributes = attributes;
        }
    }

    Mapped map(ExportMetricsServiceRequest request) {
        Mapped mapped = new Mapped();
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            Attributes resource = Attributes.of(resourceMetrics.getResource().getAttributesList());
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    map(metric, resource, groups, mapped);
                }
            }
        }
        groups.forEach((identity, group) -> finish(identity, group, mapped));
        return mapped;
    }

    private void map(Metric metric, Attributes resource, Map<String, Group> groups, Mapped mapped) {
        String name = metric.getName();
        if (name.equals(GEN_AI_TOKEN_USAGE)) {
            for (Point point : points(metric, resource)) {
                String type = point.attributes().text("gen_ai.token.type");
                delta(name, point).ifPresent(delta -> {
                    Group group = group(groups, GenAi.SOURCE, GEN_AI_TOKEN_USAGE, point, "gen_ai.token.type", delta);
                    long tokens = Math.round(delta.value());
                    if ("input".equals(type)) {
                        group.sample.inputTokens = UsageSample.plus(group.sample.inputTokens, tokens);
                    } else if ("output".equals(type)) {
                        group.sample.outputTokens = UsageSample.plus(group.sample.outputTokens, tokens);
                    }
                    group.sample.attributes.put(CACHE_NOT_SEPARATED, true);
                });
            }
        } else if (name.startsWith(INFERENCE_PREFIX)) {
            String kind = name.substring(INFERENCE_PREFIX.length());
            for (Point point : points(metric, resource)) {
                delta(name, point).ifPresent(delta -> {
                    Group group = group(groups, GenAi.SOURCE, INFERENCE_PREFIX, point, null, delta);
                    long tokens = Math.round(delta.value());
                    UsageSample sample = group.sample;
                    switch (kind) {
                        case "input_tokens" -> group.totalInput = UsageSample.plus(group.totalInput, tokens);
                        case "output_tokens" -> sample.outputTokens = UsageSample.plus(sample.outputTokens, tokens);
                        case "cache_read.input_tokens" -> sample.cacheReadTokens = UsageSample.plus(sample.cacheReadTokens, tokens);
                        case "cache_write.input_tokens", "cache_creation.input_tokens" ->
                            sample.cacheWriteTokens = UsageSample.plus(sample.cacheWriteTokens, tokens);
                        case "reasoning.output_tokens" -> sample.reasoningTokens = UsageSample.plus(sample.reasoningTokens, tokens);
                        default -> group.points--;
                    }
                });
            }
        } else if ((name.equals(CLAUDE_TOKENS) || name.equals(CLAUDE_COST)) && claudeCodeUsageFromMetrics) {
            for (Point point : points(metric, resource)) {
                delta(name, point).ifPresent(delta -> claudeUsage(name, point, delta, groups));
            }
        } else if (name.equals(CLAUDE_DECISION)) {
            for (Point point : points(metric, resource)) {
                String decision = point.attributes().text("decision");
                OutcomeKind kind = "accept".equals(decision) ? OutcomeKind.OUTPUT_ACCEPTED
                        : "reject".equals(decision) ? OutcomeKind.OUTPUT_REJECTED : null;
                if (kind != null) {
                    delta(name, point).ifPresent(delta -> claudeOutcome(name, kind, point, delta, mapped));
                }
            }
        } else if (name.equals(CLAUDE_PULL_REQUESTS) || name.equals(CLAUDE_COMMITS)) {
            OutcomeKind kind = name.equals(CLAUDE_PULL_REQUESTS) ? OutcomeKind.PR_OPENED : OutcomeKind.COMMIT_CREATED;
            for (Point point : points(metric, resource)) {
                delta(name, point).ifPresent(delta -> claudeOutcome(name, kind, point, delta, mapped));
            }
        } else if (name.equals(CLAUDE_SESSIONS)) {
            for (Point point : points(metric, resource)) {
                delta(name, point).ifPresent(delta -> claudeSessions(point, delta, mapped));
            }
        }
    }

    private void claudeUsage(String name, Point point, Delta delta, Map<String, Group> groups) {
        Group group = group(groups, ClaudeCode.SOURCE, "claude_code.usage", point, "type", delta);
        UsageSample sample = group.sample;
        if (name.equals(CLAUDE_COST)) {
            sample.costUsd = (sample.costUsd == null ? BigDecimal.ZERO : sample.costUsd)
                    .add(BigDecimal.valueOf(delta.value()));
            return;
        }
        // Claude Code counts input without the cache, as Goodhart does: taken as it is.
        long tokens = Math.round(delta.value());
        switch (String.valueOf(point.attributes().text("type"))) {
            case "input" -> sample.inputTokens = UsageSample.plus(sample.inputTokens, tokens);
            case "output" -> sample.outputTokens = UsageSample.plus(sample.outputTokens, tokens);
            case "cacheRead" -> sample.cacheReadTokens = UsageSample.plus(sample.cacheReadTokens, tokens);
            case "cacheCreation" -> sample.cacheWriteTokens = UsageSample.plus(sample.cacheWriteTokens, tokens);
            default -> group.points--;
        }
    }

    private static void claudeOutcome(String metric, OutcomeKind kind, Point point, Delta delta, Mapped mapped) {
        long count = Math.round(delta.value());
        if (count <= 0) {
            return;
        }
        Attributes attributes = point.attributes();
        String person = ClaudeCode.person(attributes);
        if (person == null) {
            mapped.unusable(ClaudeCode.SOURCE, List.of(ClaudeCode.NO_PERSON), 1);
            return;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("count", count);
        for (String key : List.of("tool_name", "language", "source")) {
            String value = attributes.text(key);
            if (value != null) {
                extra.put("claude_code." + key, value);
            }
        }
        String id = "claude-code-metric-" + Attributes.hash(metric, attributes.canonical(Set.of()),
                Long.toString(delta.fromUnixNano()), Long.toString(delta.toUnixNano()));
        mapped.outcome(ClaudeCode.SOURCE, new OutcomeRequest(id, SpanMapper.instant(delta.toUnixNano()), person,
                attributes.text("team.id"), kind, null, attributes.text("session.id"), null, null, extra), 1);
    }

    private static void claudeSessions(Point point, Delta delta, Mapped mapped) {
        long count = Math.round(delta.value());
        if (count <= 0) {
            return;
        }
        Attributes attributes = point.attributes();
        UsageSample sample = ClaudeCode.sample(attributes);
        if (sample.person == null) {
            mapped.unusable(ClaudeCode.SOURCE, List.of(ClaudeCode.NO_PERSON), 1);
            return;
        }
        sample.id = "claude-code-metric-" + Attributes.hash(CLAUDE_SESSIONS, attributes.canonical(Set.of()),
                Long.toString(delta.fromUnixNano()), Long.toString(delta.toUnixNano()));
        sample.occurredAt = SpanMapper.instant(delta.toUnixNano());
        sample.operation = "session_start";
        sample.attributes.put("count", count);
        sample.attributes.put(ClaudeCode.TOKENS_REPORTED, false);
        mapped.countOnlyUsage(ClaudeCode.SOURCE, sample.toRequest(), 1);
    }

    private static Group group(Map<String, Group> groups, String source, String family, Point point, String typeKey,
            Delta delta) {
        String identity = family + "\u001d" + point.attributes().canonical(typeKey == null ? Set.of() : Set.of(typeKey))
                + "\u001d" + delta.fromUnixNano() + "\u001d" + delta.toUnixNano();
        Group group = groups.computeIfAbsent(identity, key -> new Group(source, point.attributes()));
        group.sample.occurredAt = SpanMapper.instant(delta.toUnixNano());
        group.points++;
        return group;
    }

    private static void finish(String identity, Group group, Mapped mapped) {
        if (group.points <= 0) {
            return;
        }
        UsageSample sample = group.sample;
        UsageSample described = group.source.equals(ClaudeCode.SOURCE) ? ClaudeCode.sample(group.attributes)
                : GenAi.sample(group.attributes);
        sample.person = described.person;
        sample.team = described.team;
        sample.agent = described.agent;
        sample.provider = described.provider;
        sample.model = described.model;
        sample.operation = described.operation;
        sample.sessionId = described.sessionId;
        if (group.source.equals(GenAi.SOURCE)) {
            TokenModel.fromInputIncludingCache(sample, group.totalInput == null ? sample.inputTokens : group.totalInput,
                    sample.cacheReadTokens, sample.cacheWriteTokens);
        }
        if (sample.person == null) {
            mapped.unusable(group.source, List.of(group.source.equals(ClaudeCode.SOURCE) ? ClaudeCode.NO_PERSON
                    : new FieldError("enduser.id", "the metric names no person: set enduser.id, user.id or user.email "
                            + "(on the data point or the resource)")), group.points);
            return;
        }
        boolean nothing = zero(sample.inputTokens) && zero(sample.cacheReadTokens) && zero(sample.cacheWriteTokens)
                && zero(sample.outputTokens) && zero(sample.reasoningTokens)
                && (sample.costUsd == null || sample.costUsd.signum() == 0);
        if (nothing) {
            return;
        }
        String prefix = group.source.equals(ClaudeCode.SOURCE) ? "claude-code-metric-" : "otlp-metric-";
        sample.id = prefix + Attributes.hash(identity);
        mapped.usage(group.source, sample.toRequest(), group.points);
    }

    private static boolean zero(Long count) {
        return count == null || count == 0;
    }

    private Optional<Delta> delta(String metric, Point point) {
        if (!point.cumulative()) {
            return Optional.of(new Delta(point.startUnixNano(), point.timeUnixNano(), point.value(), point.count()));
        }
        String seriesKey = Attributes.hash(metric, point.attributes().canonical(Set.of()));
        return deltas.delta(seriesKey, point.startUnixNano(), point.timeUnixNano(), point.value(), point.count());
    }

    private static List<Point> points(Metric metric, Attributes resource) {
        List<Point> points = new ArrayList<>();
        switch (metric.getDataCase()) {
            case SUM -> {
                boolean cumulative = metric.getSum().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                    double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt()
                            : point.getAsDouble();
                    points.add(new Point(resource.with(point.getAttributesList()), point.getStartTimeUnixNano(),
                            point.getTimeUnixNano(), value, 1, cumulative));
                }
            }
            case HISTOGRAM -> {
                boolean cumulative = metric.getHistogram().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                    points.add(new Point(resource.with(point.getAttributesList()), point.getStartTimeUnixNano(),
                            point.getTimeUnixNano(), point.getSum(), point.getCount(), cumulative));
                }
            }
            default -> {
                // Gauges and other shapes carry no usage: ignored.
            }
        }
        return points;
    }
}
