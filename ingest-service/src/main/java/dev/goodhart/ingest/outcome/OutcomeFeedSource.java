package dev.goodhart.ingest.outcome;

import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.ingest.feed.FeedEvent;
import dev.goodhart.ingest.feed.TableFeedSource;

/** Outcomes in the feed. */
@ApplicationScoped
public class OutcomeFeedSource extends TableFeedSource {

    @Override
    protected String table() {
        return "outcome_event";
    }

    @Override
    protected String columns() {
        return "event_id, source, occurred_at, received_at, person_key, team, kind, ref, session_id, task_id, trace_id, "
                + "attributes";
    }

    @Override
    protected FeedEvent event(ResultSet row) throws SQLException {
        return new OutcomeFeedEvent(OutcomeFeedEvent.TYPE, row.getString("event_id"), row.getString("source"),
                instant(row, "occurred_at"), instant(row, "received_at"), row.getString("person_key"),
                row.getString("team"), row.getString("kind"), row.getString("ref"), row.getString("session_id"),
                row.getString("task_id"), row.getString("trace_id"), row.getString("attributes"));
    }
}
