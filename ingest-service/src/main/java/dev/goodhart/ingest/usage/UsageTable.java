package dev.goodhart.ingest.usage;

import java.util.List;

import dev.goodhart.ingest.ingest.CopyRows;
import dev.goodhart.ingest.ingest.EventTable;

/** The usage_event table (V2 migration) as the write path sees it. */
final class UsageTable implements EventTable<UsageRecord> {

    static final UsageTable INSTANCE = new UsageTable();

    private static final List<String> COLUMNS = List.of("event_id", "source", "occurred_at", "person_key", "team", "agent",
            "provider", "model", "operation", "input_tokens", "cache_read_tokens", "cache_write_tokens", "output_tokens",
            "reasoning_tokens", "cost_usd", "session_id", "task_id", "trace_id", "trigger", "artifact_kind", "artifact_ref",
            "prompt_fingerprint", "output_fingerprint", "attributes");

    private UsageTable() {
    }

    @Override
    public String type() {
        return UsageFeedEvent.TYPE;
    }

    @Override
    public String table() {
        return "usage_event";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void write(UsageRecord event, CopyRows row) {
        row.text(event.id()).text(event.source()).timestamp(event.occurredAt()).text(event.personKey())
                .text(event.team()).text(event.agent()).text(event.provider()).text(event.model()).text(event.operation())
                .number(event.inputTokens()).number(event.cacheReadTokens()).number(event.cacheWriteTokens())
                .number(event.outputTokens()).number(event.reasoningTokens()).decimal(event.costUsd())
                .text(event.sessionId()).text(event.taskId()).text(event.traceId())
                .text(event.trigger() == null ? null : event.trigger().wireName())
                .text(event.artifact() == null ? null : event.artifact().kind())
                .text(event.artifact() == null ? null : event.artifact().ref())
                .text(event.promptFingerprint()).text(event.outputFingerprint()).json(event.attributes());
    }
}
