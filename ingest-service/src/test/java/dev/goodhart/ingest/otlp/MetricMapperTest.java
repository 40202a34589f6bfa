package dev.goodhart.ingest.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;

import dev.goodhart.ingest.config.IngestConfig;
import dev.goodhart.ingest.config.IngestConfig.ClaudeCodeUsageFrom;
import dev.goodhart.ingest.usage.UsageEventRequest;

/**
 * Claude Code's token and cost metrics with {@code claude-code-usage-from=metrics}: the points of one session, model
 * and interval, one per token type, become one usage event with Claude Code's input (already without the cache).
 */
class MetricMapperTest {

    private static final long START = Instant.parse("2026-11-23T10:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long END = START + 60_000_000_000L;

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static NumberDataPoint point(double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setStartTimeUnixNano(START).setTimeUnixNano(END).setAsDouble(value)
                .addAllAttributes(List.of(attributes)).build();
    }

    private static Metric delta(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addAllDataPoints(List.of(points))).build();
    }

    private static MetricMapper mapper(ClaudeCodeUsageFrom from) {
        IngestConfig.Otlp otlp = (IngestConfig.Otlp) Proxy.newProxyInstance(getClass(IngestConfig.Otlp.class),
                new Class<?>[] { IngestConfig.Otlp.class }, (proxy, method, args) -> from);
        IngestConfig config = (IngestConfig) Proxy.newProxyInstance(getClass(IngestConfig.class),
                new Class<?>[] { IngestConfig.class }, (proxy, method, args) -> otlp);
        // Delta series never need the cumulative state.
        return new MetricMapper(null, config);
    }

    private static ClassLoader getClass(Class<?> type) {
        return type.getClassLoader();
    }

    private static ExportMetricsServiceRequest claudeCodeExport() {
        KeyValue model = attribute("model", "claude-sonnet-4-20250514");
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "claude-code"))
                        .addAttributes(attribute("session.id", "s-1")).addAttributes(attribute("user.email", "dev@example.com"))
                        .addAttributes(attribute("organization.id", "org-1")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(delta("claude_code.token.usage", point(120, attribute("type", "input"), model),
                                point(340, attribute("type", "output"), model),
                                point(2000, attribute("type", "cacheRead"), model),
                                point(300, attribute("type", "cacheCreation"), model)))
                        .addMetrics(delta("claude_code.cost.usage", point(0.0421, model)))))
                .build();
    }

    @Test
    void tokenAndCostPointsOfOneSessionModelAndIntervalBecomeOneEvent() {
        Mapped mapped = mapper(ClaudeCodeUsageFrom.METRICS).map(claudeCodeExport());
        assertEquals(1, mapped.usage.size());
        Mapped.Item<UsageEventRequest> item = mapped.usage.get(0);
        assertEquals(ClaudeCode.SOURCE, item.source());
        assertEquals(5, item.weight(), "the event stands for five data points");
        UsageEventRequest event = item.request();
        assertEquals(120L, event.inputTokens());
        assertEquals(340L, event.outputTokens());
        assertEquals(2000L, event.cacheReadTokens());
        assertEquals(300L, event.cacheWriteTokens());
        assertEquals(0, new BigDecimal("0.0421").compareTo(event.costUsd()));
        assertEquals("dev@example.com", event.person());
        assertEquals("s-1", event.sessionId());
        assertEquals("claude-sonnet-4-20250514", event.model());
        assertEquals(Instant.ofEpochSecond(0, END), event.occurredAt());
        assertTrue(event.id().startsWith("claude-code-metric-"));
        assertEquals(event.id(), mapper(ClaudeCodeUsageFrom.METRICS).map(claudeCodeExport()).usage.get(0).request().id(),
                "the same points map to the same id, so a re-sent batch is a duplicate");
    }

    @Test
    void withUsageFromLogsTheTokenAndCostMetricsAreIgnored() {
        Mapped mapped = mapper(ClaudeCodeUsageFrom.LOGS).map(claudeCodeExport());
        assertTrue(mapped.usage.isEmpty());
        assertTrue(mapped.outcomes.isEmpty());
    }

    @Test
    void aSeriesWithoutAPersonIsRejectedWithAllItsPoints() {
        ExportMetricsServiceRequest anonymous = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(delta(
                        "claude_code.token.usage", point(5, attribute("type", "input")), point(6, attribute("type", "output"))))))
                .build();
        Mapped mapped = mapper(ClaudeCodeUsageFrom.METRICS).map(anonymous);
        assertEquals(1, mapped.usage.size());
        assertNull(mapped.usage.get(0).request());
        assertEquals("user.email", mapped.usage.get(0).error().field());
        assertEquals(2, mapped.usage.get(0).weight());
    }
}
