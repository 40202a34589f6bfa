package dev.goodhart.scoring.person;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Maps person keys to the narrow integer ids the event tables use. New keys are inserted in their own transaction, so
 * an id in the cache always belongs to a committed row even when the page that introduced it is rolled back.
 */
@ApplicationScoped
public class PersonDirectory {

    /** Enough for a large organisation; past it the cache starts over rather than growing without bound. */
    private static final int CACHE_LIMIT = 500_000;

    private final DataSource dataSource;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    public PersonDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The id of every key, creating people the service has not seen yet. */
    public Map<String, Integer> ids(Collection<String> personKeys) {
        Map<String, Integer> found = new HashMap<>(personKeys.size() * 2);
        List<String> missing = new ArrayList<>();
        for (String key : personKeys) {
            Integer id = ids.get(key);
            if (id == null) {
                missing.add(key);
            } else {
                found.put(key, id);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        // Committed before any id is cached: the cache must never name a row that a rollback removed.
        QuarkusTransaction.requiringNew().run(() -> insertAndFind(missing, found));
        if (ids.size() > CACHE_LIMIT) {
            ids.clear();
        }
        missing.forEach(key -> ids.put(key, found.get(key)));
        return found;
    }

    private void insertAndFind(List<String> missing, Map<String, Integer> found) {
        try (Connection connection = dataSource.getConnection()) {
            Array keys = connection.createArrayOf("text", missing.toArray());
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into person (person_key) select unnest(?::text[]) on conflict (person_key) do nothing")) {
                insert.setArray(1, keys);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select id, person_key from person where person_key = any(?::text[])")) {
                select.setArray(1, keys);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(2), rows.getInt(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record new people", e);
        }
    }
}
