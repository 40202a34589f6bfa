package dev.goodhart.ingest.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.goodhart.common.privacy.PersonKeys;
import dev.goodhart.ingest.otlp.OtelSdk.Protocol;
import dev.goodhart.ingest.support.UsageRows;

/**
 * The OpenTelemetry Java SDK, a client this project did not write, exports GenAI spans, metrics and Claude Code shaped
 * metrics and events to the running service with a real Keycloak token, in both OTLP/HTTP encodings; sending a batch
 * again counts nothing twice.
 */
@QuarkusTest
class OtlpSdkResourceTest {

    private static final PersonKeys KEYS = new PersonKeys("test-only-pseudonymisation-key-0123456789");

    @TestHTTPResource("/")
    URI base;

    @Inject
    UsageRows rows;

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void genAiSpansBecomeUsageEventsOnceWithUncachedInput(Protocol protocol) {
        String conversation = "conv-" + UUID.randomUUID();
        String legacyConversation = "conv-legacy-" + UUID.randomUUID();
        OtelSdk.RecordingSpans exporter = OtelSdk.spans(base, protocol);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout-bot",
                        AttributeKey.stringKey("team.id"), "payments")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        Tracer tracer = provider.get("goodhart-test");
        Span chat = tracer.spanBuilder("chat claude-sonnet-4")
                .setAttribute("gen_ai.operation.name", "chat").setAttribute("gen_ai.provider.name", "anthropic")
                .setAttribute("gen_ai.request.model", "claude-sonnet-4")
                .setAttribute("gen_ai.response.model", "claude-sonnet-4-20250514")
                .setAttribute("gen_ai.usage.input_tokens", 1200L)
                .setAttribute("gen_ai.usage.cache_read.input_tokens", 800L)
                .setAttribute("gen_ai.usage.cache_creation.input_tokens", 100L)
                .setAttribute("gen_ai.usage.output_tokens", 180L)
                .setAttribute("gen_ai.usage.reasoning.output_tokens", 20L)
                .setAttribute("gen_ai.conversation.id", conversation).setAttribute("gen_ai.agent.id", "triage-bot")
                .setAttribute("enduser.id", "Alice@Example.com").startSpan();
        chat.end();
        Span legacy = tracer.spanBuilder("completion").setAttribute("gen_ai.system", "openai")
                .setAttribute("gen_ai.request.model", "gpt-4o").setAttribute("gen_ai.usage.prompt_tokens", 50L)
                .setAttribute("gen_ai.usage.completion_tokens", 10L)
                .setAttribute("gen_ai.conversation.id", legacyConversation).setAttribute("user.id", "bob@example.com")
                .startSpan();
        legacy.end();
        Span plain = tracer.spanBuilder("GET /health").setAttribute("user.id", "bob@example.com").startSpan();
        plain.end();
        provider.forceFlush().join(30, TimeUnit.SECONDS);
        assertTrue(exporter.allSucceeded(), "the service accepted every export");
        assertTrue(exporter.resendLast(), "a re-sent batch is accepted");
        provider.shutdown();

        List<Map<String, Object>> stored = rows.where("usage_event", "session_id", conversation);
        assertEquals(1, stored.size(), "one span, one event, however often it is sent");
        Map<String, Object> event = stored.get(0);
        String traceId = chat.getSpanContext().getTraceId();
        assertEquals("otlp-span-" + traceId + "-" + chat.getSpanContext().getSpanId(), event.get("event_id"));
        assertEquals("otlp", event.get("source"));
        assertEquals(traceId, event.get("trace_id"));
        assertEquals(KEYS.personKey("alice@example.com"), event.get("person_key"));
        assertEquals("payments", event.get("team"));
        assertEquals("triage-bot", event.get("agent"));
        assertEquals("anthropic", event.get("provider"));
        assertEquals("claude-sonnet-4-20250514", event.get("model"));
        assertEquals("chat", event.get("operation"));
        assertEquals(300L, event.get("input_tokens"), "OpenTelemetry's input includes the cache: 1200 - 800 - 100");
        assertEquals(800L, event.get("cache_read_tokens"));
        assertEquals(100L, event.get("cache_write_tokens"));
        assertEquals(180L, event.get("output_tokens"));
        assertEquals(20L, event.get("reasoning_tokens"));
        assertTrue(event.get("attributes_text").toString().contains("\"service.name\": \"checkout-bot\""));

        Map<String, Object> old = rows.where("usage_event", "session_id", legacyConversation).get(0);
        assertEquals("openai", old.get("provider"), "the deprecated gen_ai.system names the provider");
        assertEquals(50L, old.get("input_tokens"));
        assertEquals(10L, old.get("output_tokens"));
        assertEquals(0, rows.where("usage_event", "trace_id", plain.getSpanContext().getTraceId()).size(),
                "spans without GenAI usage are accepted and ignored");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void cumulativeGenAiCountersBecomeDeltasAndARepeatedExportAddsNothing(Protocol protocol) {
        String conversation = "conv-metrics-" + UUID.randomUUID();
        OtelSdk.RecordingMetrics exporter = OtelSdk.metrics(base, protocol, false);
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("enduser.id"), "carol@example.com")))
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(1, TimeUnit.HOURS).build())
                .build();
        Meter meter = provider.get("goodhart-test");
        Attributes series = Attributes.of(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o",
                AttributeKey.stringKey("gen_ai.provider.name"), "openai",
                AttributeKey.stringKey("gen_ai.conversation.id"), conversation);
        LongCounter input = meter.counterBuilder("gen_ai.client.inference.usage.input_tokens").build();
        LongCounter cacheRead = meter.counterBuilder("gen_ai.client.inference.usage.cache_read.input_tokens").build();
        LongCounter output = meter.counterBuilder("gen_ai.client.inference.usage.output_tokens").build();
        input.add(1000, series);
        cacheRead.add(400, series);
        output.add(200, series);
        provider.forceFlush().join(30, TimeUnit.SECONDS);
        input.add(500, series);
        provider.forceFlush().join(30, TimeUnit.SECONDS);
        assertTrue(exporter.allSucceeded());
        assertTrue(exporter.resendLast(), "the cumulative batch sent again is accepted");
        provider.shutdown();

        List<Map<String, Object>> stored = rows.where("usage_event", "session_id", conversation);
        assertEquals(2, stored.size(), "one event per export that added something: " + stored);
        assertEquals(600L, stored.get(0).get("input_tokens"), "first export: 1000 input of which 400 cached");
        assertEquals(400L, stored.get(0).get("cache_read_tokens"));
        assertEquals(200L, stored.get(0).get("output_tokens"));
        assertEquals(500L, stored.get(1).get("input_tokens"), "second export: only the increase, 1500 - 1000");
        assertEquals(0L, stored.get(1).get("output_tokens"));
        assertEquals(KEYS.personKey("carol@example.com"), stored.get(0).get("person_key"));
        assertEquals("gpt-4o", stored.get(0).get("model"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void claudeCodeMetricsBecomeOutcomesAndSessionsWithItsDeltaTemporality(Protocol protocol) {
        String session = "cc-session-" + UUID.randomUUID();
        OtelSdk.RecordingMetrics exporter = OtelSdk.metrics(base, protocol, true);
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(claudeCodeResource(session))
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(1, TimeUnit.HOURS).build())
                .build();
        Meter meter = provider.get("com.anthropic.claude_code");
        LongCounter decisions = meter.counterBuilder("claude_code.code_edit_tool.decision").build();
        decisions.add(3, Attributes.of(AttributeKey.stringKey("decision"), "accept",
                AttributeKey.stringKey("tool_name"), "Edit", AttributeKey.stringKey("language"), "Java"));
        decisions.add(1, Attributes.of(AttributeKey.stringKey("decision"), "reject",
                AttributeKey.stringKey("tool_name"), "Write"));
        meter.counterBuilder("claude_code.pull_request.count").build().add(1);
        meter.counterBuilder("claude_code.commit.count").build().add(2);
        meter.counterBuilder("claude_code.session.count").build().add(1);
        meter.counterBuilder("claude_code.token.usage").build().add(500,
                Attributes.of(AttributeKey.stringKey("type"), "input", AttributeKey.stringKey("model"), "claude-sonnet-4"));
        provider.forceFlush().join(30, TimeUnit.SECONDS);
        assertTrue(exporter.allSucceeded());
        assertTrue(exporter.resendLast());
        provider.shutdown();

        List<Map<String, Object>> outcomes = rows.where("outcome_event", "session_id", session);
        Map<String, String> kinds = new java.util.TreeMap<>();
        outcomes.forEach(row -> kinds.put((String) row.get("kind"), (String) row.get("attributes_text")));
        assertEquals(List.of("commit_created", "output_accepted", "output_rejected", "pr_opened"), List.copyOf(kinds.keySet()),
                "each decision, pull request and commit count once: " + outcomes);
        assertTrue(kinds.get("output_accepted").contains("\"count\": 3"), kinds.get("output_accepted"));
        assertTrue(kinds.get("output_accepted").contains("\"claude_code.tool_name\": \"Edit\""));
        assertTrue(kinds.get("commit_created").contains("\"count\": 2"));
        outcomes.forEach(row -> {
            assertEquals("claude-code", row.get("source"));
            assertEquals(KEYS.personKey("dev@example.com"), row.get("person_key"));
            assertEquals("platform", row.get("team"));
        });

        List<Map<String, Object>> usage = rows.where("usage_event", "session_id", session);
        assertEquals(1, usage.size(), "token usage comes from the api_request events by default, not the metric: " + usage);
        assertEquals("session_start", usage.get(0).get("operation"));
        assertEquals(0L, usage.get(0).get("input_tokens"));
        assertTrue(usage.get(0).get("attributes_text").toString().contains("\"goodhart.tokens_reported\": false"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void claudeCodeApiRequestEventsCarryTokensAndCostAndNothingElseIsKept(Protocol protocol) {
        String session = "cc-logs-" + UUID.randomUUID();
        OtelSdk.RecordingLogs exporter = OtelSdk.logs(base, protocol);
        SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(claudeCodeResource(session))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
        Logger logger = provider.get("com.anthropic.claude_code.events");
        Instant at = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        logger.logRecordBuilder().setBody("claude_code.user_prompt")
                .setAttribute(AttributeKey.stringKey("event.name"), "user_prompt")
                .setAttribute(AttributeKey.stringKey("prompt"), "Summarise the secret merger plan")
                .setAttribute(AttributeKey.longKey("prompt_length"), 32L).emit();
        logger.logRecordBuilder().setBody("claude_code.api_request")
                .setAttribute(AttributeKey.stringKey("event.name"), "api_request")
                .setAttribute(AttributeKey.stringKey("event.timestamp"), at.toString())
                .setAttribute(AttributeKey.stringKey("model"), "claude-sonnet-4-20250514")
                .setAttribute(AttributeKey.stringKey("input_tokens"), "120")
                .setAttribute(AttributeKey.longKey("output_tokens"), 340L)
                .setAttribute(AttributeKey.longKey("cache_read_tokens"), 2000L)
                .setAttribute(AttributeKey.longKey("cache_creation_tokens"), 300L)
                .setAttribute(AttributeKey.doubleKey("cost_usd"), 0.0421)
                .setAttribute(AttributeKey.longKey("duration_ms"), 2100L).emit();
        provider.forceFlush().join(30, TimeUnit.SECONDS);
        assertTrue(exporter.allSucceeded());
        assertTrue(exporter.resendLast());
        provider.shutdown();

        List<Map<String, Object>> usage = rows.where("usage_event", "session_id", session);
        assertEquals(1, usage.size(), "one api_request, stored once; the prompt event is ignored: " + usage);
        Map<String, Object> event = usage.get(0);
        assertEquals("claude-code", event.get("source"));
        assertEquals(120L, event.get("input_tokens"), "Claude Code's input already excludes the cache");
        assertEquals(2000L, event.get("cache_read_tokens"));
        assertEquals(300L, event.get("cache_write_tokens"));
        assertEquals(340L, event.get("output_tokens"));
        assertEquals(0, new BigDecimal("0.0421").compareTo((BigDecimal) event.get("cost_usd")));
        assertEquals("claude-sonnet-4-20250514", event.get("model"));
        assertEquals("anthropic", event.get("provider"));
        assertEquals(at, event.get("occurred_at"));
        assertFalse(rows.where("usage_event", "session_id", session).toString().contains("merger"),
                "prompt text never reaches the database");
    }

    private static Resource claudeCodeResource(String session) {
        return Resource.create(Attributes.builder().put("service.name", "claude-code").put("session.id", session)
                .put("user.email", "dev@example.com").put("user.account_uuid", UUID.randomUUID().toString())
                .put("organization.id", "org-1").put("team.id", "platform").put("terminal.type", "vscode").build());
    }
}
