package dev.goodhart.ingest.otlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.usage.TokenModel;
import dev.goodhart.ingest.usage.UsageSample;

/**
 * Spans with OpenTelemetry GenAI usage attributes become usage events; every other span is accepted and ignored (an
 * OTLP exporter sends all of an application's spans). The event id is the span's own identity, trace id and span id,
 * so a re-sent batch is a duplicate.
 */
@ApplicationScoped
public class SpanMapper {

    static final String INPUT = "gen_ai.usage.input_tokens";
    static final String PROMPT_DEPRECATED = "gen_ai.usage.prompt_tokens";
    static final String OUTPUT = "gen_ai.usage.output_tokens";
    static final String COMPLETION_DEPRECATED = "gen_ai.usage.completion_tokens";
    static final String CACHE_READ = "gen_ai.usage.cache_read.input_tokens";
    static final String CACHE_CREATION = "gen_ai.usage.cache_creation.input_tokens";
    static final String CACHE_WRITE = "gen_ai.usage.cache_write.input_tokens";
    static final String REASONING = "gen_ai.usage.reasoning.output_tokens";
    static final Set<String> TOKEN_ATTRIBUTES = Set.of(INPUT, PROMPT_DEPRECATED, OUTPUT, COMPLETION_DEPRECATED,
            CACHE_READ, CACHE_CREATION, CACHE_WRITE, REASONING);

    Mapped map(ExportTraceServiceRequest request) {
        Mapped mapped = new Mapped();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Attributes resource = Attributes.of(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    Attributes attributes = resource.with(span.getAttributesList());
                    if (attributes.hasAny(TOKEN_ATTRIBUTES)) {
                        map(span, attributes, mapped);
                    }
                }
            }
        }
        return mapped;
    }

    private static void map(Span span, Attributes attributes, Mapped mapped) {
        List<FieldError> errors = new ArrayList<>();
        if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
            errors.add(new FieldError("traceId", "a span needs a 16-byte trace id and an 8-byte span id"));
        }
        if (span.getStartTimeUnixNano() == 0) {
            errors.add(new FieldError("startTimeUnixNano", "is required"));
        }
        UsageSample sample = GenAi.sample(attributes);
        if (sample.person == null) {
            errors.add(new FieldError("enduser.id", "the span names no person: set enduser.id, user.id or user.email "
                    + "(on the span or the resource)"));
        }
        Long input = attributes.firstCount(errors, INPUT, PROMPT_DEPRECATED);
        Long cacheRead = attributes.count(CACHE_READ, errors);
        Long cacheWrite = attributes.firstCount(errors, CACHE_CREATION, CACHE_WRITE);
        sample.outputTokens = attributes.firstCount(errors, OUTPUT, COMPLETION_DEPRECATED);
        sample.reasoningTokens = attributes.count(REASONING, errors);
        if (!errors.isEmpty()) {
            mapped.unusable(GenAi.SOURCE, errors, 1);
            return;
        }
        TokenModel.fromInputIncludingCache(sample, input, cacheRead, cacheWrite);
        String traceId = HexFormat.of().formatHex(span.getTraceId().toByteArray());
        sample.id = "otlp-span-" + traceId + "-" + HexFormat.of().formatHex(span.getSpanId().toByteArray());
        sample.traceId = traceId;
        sample.occurredAt = instant(span.getStartTimeUnixNano());
        String service = attributes.text("service.name");
        if (service != null) {
            sample.attributes.put("service.name", service);
        }
        mapped.usage(GenAi.SOURCE, sample.toRequest(), 1);
    }

    static Instant instant(long unixNano) {
        return Instant.ofEpochSecond(0, unixNano);
    }
}
