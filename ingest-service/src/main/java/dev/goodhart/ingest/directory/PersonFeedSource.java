package dev.goodhart.ingest.directory;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.goodhart.ingest.feed.FeedEvent;
import dev.goodhart.ingest.feed.TableFeedSource;

/** Directory entries in the feed, each again after every change. */
@ApplicationScoped
public class PersonFeedSource extends TableFeedSource {

    @Override
    protected String table() {
        return "directory_person";
    }

    @Override
    protected String columns() {
        return "person_key, received_at, primary_team, teams, manager_key, active";
    }

    @Override
    protected FeedEvent event(ResultSet row) throws SQLException {
        String personKey = row.getString("person_key");
        Array teams = row.getArray("teams");
        return new PersonFeedEvent(PersonFeedEvent.TYPE, personKey, personKey, instant(row, "received_at"),
                row.getString("primary_team"), List.of((String[]) teams.getArray()), row.getString("manager_key"),
                row.getBoolean("active"));
    }
}
