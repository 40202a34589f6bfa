package dev.goodhart.ingest.otlp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.config.IngestConfig;
import dev.goodhart.ingest.config.IngestConfig.ClaudeCodeUsageFrom;
import dev.goodhart.ingest.usage.UsageSample;

/**
 * Claude Code's {@code claude_code.api_request} events (one per model request, with its tokens and cost) become usage
 * events. Log records have no id of their own, so the event id is derived from the record's identity (resource,
 * timestamps and attributes): a re-sent batch is a duplicate. Every other log record is accepted and ignored; prompt
 * texts that Claude Code may log ({@code claude_code.user_prompt}) are never read.
 */
@ApplicationScoped
public class LogMapper {

    static final Set<String> API_REQUEST = Set.of("claude_code.api_request", "api_request");

    private final boolean enabled;

    public LogMapper(IngestConfig config) {
        this.enabled = config.otlp().claudeCodeUsageFrom() == ClaudeCodeUsageFrom.LOGS;
    }

    Mapped map(ExportLogsServiceRequest request) {
        Mapped mapped = new Mapped();
        if (!enabled) {
            return mapped;
        }
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            Attributes resource = Attributes.of(resourceLogs.getResource().getAttributesList());
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    Attributes attributes = resource.with(record.getAttributesList());
                    if (isApiRequest(record, attributes)) {
                        map(record, attributes, mapped);
                    }
                }
            }
        }
        return mapped;
    }

    private static boolean isApiRequest(LogRecord record, Attributes attributes) {
        return API_REQUEST.contains(record.getEventName())
                || API_REQUEST.contains(String.valueOf(attributes.text("event.name")))
                || (record.getBody().hasStringValue() && API_REQUEST.contains(record.getBody().getStringValue()));
    }

    private static void map(LogRecord record, Attributes attributes, Mapped mapped) {
        List<FieldError> errors = new ArrayList<>();
        UsageSample sample = ClaudeCode.sample(attributes);
        if (sample.person == null) {
            errors.add(ClaudeCode.NO_PERSON);
        }
        // Claude Code's input_tokens exclude the cache, as Goodhart's do: taken as they are.
        sample.inputTokens = attributes.count("input_tokens", errors);
        sample.outputTokens = attributes.count("output_tokens", errors);
        sample.cacheReadTokens = attributes.count("cache_read_tokens", errors);
        sample.cacheWriteTokens = attributes.count("cache_creation_tokens", errors);
        Double cost = attributes.number("cost_usd", errors);
        Double duration = attributes.number("duration_ms", errors);
        sample.occurredAt = occurredAt(record, attributes, errors);
        if (!errors.isEmpty()) {
            mapped.unusable(ClaudeCode.SOURCE, errors, 1);
            return;
        }
        sample.costUsd = cost == null ? null : BigDecimal.valueOf(cost);
        sample.operation = "chat";
        if (duration != null) {
            sample.attributes.put("duration_ms", duration);
        }
        sample.id = "claude-code-log-" + Attributes.hash(attributes.canonical(Set.of()),
                Long.toString(record.getTimeUnixNano()), Long.toString(record.getObservedTimeUnixNano()),
                Attributes.render(record.getBody()));
        mapped.usage(ClaudeCode.SOURCE, sample.toRequest(), 1);
    }

    /** Claude Code stamps its events with {@code event.timestamp}; the record's own times are the fallback. */
    private static Instant occurredAt(LogRecord record, Attributes attributes, List<FieldError> errors) {
        String stamped = attributes.text("event.timestamp");
        if (stamped != null) {
            try {
                return Instant.parse(stamped);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("event.timestamp", "must be an ISO-8601 timestamp"));
                return null;
            }
        }
        long unixNano = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
        if (unixNano == 0) {
            errors.add(new FieldError("timeUnixNano", "the record has no time"));
            return null;
        }
        return SpanMapper.instant(unixNano);
    }
}
