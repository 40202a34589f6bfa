package dev.goodhart.ingest.usage;

import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.ingest.feed.FeedEvent;
import dev.goodhart.ingest.feed.TableFeedSource;

/** Usage events in the feed. */
@ApplicationScoped
public class UsageFeedSource extends TableFeedSource {

    @Override
    protected String table() {
        return "usage_event";
    }

    @Override
    protected String columns() {
        return "event_id, source, occurred_at, received_at, person_key, team, agent, provider, model, operation, "
                + "input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, "
                + "session_id, task_id, trace_id, trigger, artifact_kind, artifact_ref, prompt_fingerprint, "
                + "output_fingerprint, attributes";
    }

    @Override
    protected FeedEvent event(ResultSet row) throws SQLException {
        String artifactKind = row.getString("artifact_kind");
        return new UsageFeedEvent(UsageFeedEvent.TYPE, row.getString("event_id"), row.getString("source"),
                instant(row, "occurred_at"), instant(row, "received_at"), row.getString("person_key"),
                row.getString("team"), row.getString("agent"), row.getString("provider"), row.getString("model"),
                row.getString("operation"), row.getLong("input_tokens"), row.getLong("cache_read_tokens"),
                row.getLong("cache_write_tokens"), row.getLong("output_tokens"), row.getLong("reasoning_tokens"),
                amount(row, "cost_usd"), row.getString("session_id"), row.getString("task_id"), row.getString("trace_id"),
                row.getString("trigger"),
                artifactKind == null ? null : new Artifact(artifactKind, row.getString("artifact_ref")),
                row.getString("prompt_fingerprint"), row.getString("output_fingerprint"), row.getString("attributes"));
    }
}
