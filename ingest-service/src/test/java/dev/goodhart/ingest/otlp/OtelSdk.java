package dev.goodhart.ingest.otlp;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.opentelemetry.exporter.internal.http.HttpExporterBuilder;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.goodhart.common.testing.KeycloakTokens;

/**
 * The OpenTelemetry Java SDK's own OTLP/HTTP exporters pointed at the service under test, authenticated with a real
 * Keycloak token, each wrapped so that a test can send exactly the same batch again. The SDK's public API offers
 * http/protobuf; its JSON encoding (the same exporters with http/json, used by its own JSON transports) is switched on
 * through the builder's internal delegate.
 */
final class OtelSdk {

    enum Protocol {
        PROTOBUF,
        JSON
    }

    private OtelSdk() {
    }

    private static String bearer() {
        return "Bearer " + KeycloakTokens.client("demo-source");
    }

    static RecordingSpans spans(URI base, Protocol protocol) {
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(base.resolve("/v1/traces").toString()).addHeader("Authorization", bearer());
        if (protocol == Protocol.JSON) {
            asJson(builder);
        }
        return new RecordingSpans(builder.build());
    }

    static RecordingMetrics metrics(URI base, Protocol protocol, boolean delta) {
        OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder()
                .setEndpoint(base.resolve("/v1/metrics").toString()).addHeader("Authorization", bearer())
                .setCompression("gzip");
        if (delta) {
            builder.setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred());
        }
        if (protocol == Protocol.JSON) {
            asJson(builder);
        }
        return new RecordingMetrics(builder.build());
    }

    static RecordingLogs logs(URI base, Protocol protocol) {
        OtlpHttpLogRecordExporterBuilder builder = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(base.resolve("/v1/logs").toString()).addHeader("Authorization", bearer());
        if (protocol == Protocol.JSON) {
            asJson(builder);
        }
        return new RecordingLogs(builder.build());
    }

    /**
     * JSON goes gzip-compressed: uncompressed, this SDK version's OkHttp sender announces the protobuf size as the
     * Content-Length of the (longer) JSON body and fails.
     */
    private static void asJson(Object exporterBuilder) {
        try {
            Field delegate = exporterBuilder.getClass().getDeclaredField("delegate");
            delegate.setAccessible(true);
            ((HttpExporterBuilder<?>) delegate.get(exporterBuilder)).exportAsJson().setCompression("gzip");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This SDK version has no internal JSON switch", e);
        }
    }

    /**
     * An exporter that remembers every batch it sent and whether the service accepted it (the SDK reports failure for
     * any answer but 2xx).
     */
    abstract static class Recording<T> {

        private final Function<Collection<T>, CompletableResultCode> exporter;
        final List<Collection<T>> batches = new ArrayList<>();
        final List<Boolean> results = new ArrayList<>();

        Recording(Function<Collection<T>, CompletableResultCode> exporter) {
            this.exporter = exporter;
        }

        CompletableResultCode send(Collection<T> items) {
            batches.add(List.copyOf(items));
            CompletableResultCode result = exporter.apply(items);
            result.join(30, TimeUnit.SECONDS);
            results.add(result.isSuccess());
            return result;
        }

        /** Sends the last batch again, exactly as it was: what an exporter does when it retries. */
        boolean resendLast() {
            return send(batches.get(batches.size() - 1)).isSuccess();
        }

        boolean allSucceeded() {
            return !results.isEmpty() && !results.contains(false);
        }

        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    static final class RecordingSpans extends Recording<SpanData> implements SpanExporter {
        RecordingSpans(SpanExporter exporter) {
            super(exporter::export);
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return send(spans);
        }
    }

    static final class RecordingMetrics extends Recording<MetricData> implements MetricExporter {
        private final MetricExporter exporter;

        RecordingMetrics(MetricExporter exporter) {
            super(exporter::export);
            this.exporter = exporter;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return send(metrics);
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return exporter.getAggregationTemporality(instrumentType);
        }
    }

    static final class RecordingLogs extends Recording<LogRecordData> implements LogRecordExporter {
        RecordingLogs(LogRecordExporter exporter) {
            super(exporter::export);
        }

        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
            return send(logs);
        }
    }
}
