package dev.goodhart.ingest.outcome;

import java.util.List;

import dev.goodhart.ingest.ingest.CopyRows;
import dev.goodhart.ingest.ingest.EventTable;

/** The outcome_event table (V2 migration) as the write path sees it. */
final class OutcomeTable implements EventTable<OutcomeRecord> {

    static final OutcomeTable INSTANCE = new OutcomeTable();

    private static final List<String> COLUMNS = List.of("event_id", "source", "occurred_at", "person_key", "team", "kind",
            "ref", "session_id", "task_id", "trace_id", "attributes");

    private OutcomeTable() {
    }

    @Override
    public String type() {
        return OutcomeFeedEvent.TYPE;
    }

    @Override
    public String table() {
        return "outcome_event";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void write(OutcomeRecord outcome, CopyRows row) {
        row.text(outcome.id()).text(outcome.source()).timestamp(outcome.occurredAt()).text(outcome.personKey())
                .text(outcome.team()).text(outcome.kind().wireName()).text(outcome.ref()).text(outcome.sessionId())
                .text(outcome.taskId()).text(outcome.traceId()).json(outcome.attributes());
    }
}
