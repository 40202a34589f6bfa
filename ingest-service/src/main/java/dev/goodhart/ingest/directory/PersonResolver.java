package dev.goodhart.ingest.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

import dev.goodhart.ingest.config.IngestConfig;
import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.Incoming;
import dev.goodhart.ingest.privacy.Pseudonymiser;

/**
 * Turns the person identifiers of incoming events into canonical person keys and primary teams: an identifier is
 * hashed first, then looked up among the directory's identifier hashes. Unknown identifiers keep their own hash (the
 * canonical key when they are a primary e-mail). Plain JDBC: one query resolves every person of a batch of up to
 * 10,000 events. Answers are remembered for {@code goodhart.ingest.directory.cache-for} (by hash, never by
 * identifier), so that the write path does not pay a directory query per request; a directory change therefore
 * reaches events within that time on every replica. Only reads: joins the caller's transaction when there is one, and
 * needs none otherwise (the API's write requests resolve people before they join a group commit).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class PersonResolver {

    private static final String RESOLVE = """
            select k.key, coalesce(i.person_key, k.key), p.primary_team
            from unnest(?::text[]) as k(key)
            left join directory_identifier i on i.identifier_key = k.key
            left join directory_person p on p.person_key = coalesce(i.person_key, k.key)
            """;

    /** More remembered answers than this and the memory starts afresh: a bound, not a working-set size. */
    static final int MAX_REMEMBERED = 100_000;

    private final AgroalDataSource dataSource;
    private final Pseudonymiser pseudonymiser;
    private final long rememberNanos;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    public PersonResolver(AgroalDataSource dataSource, Pseudonymiser pseudonymiser, IngestConfig config) {
        this.dataSource = dataSource;
        this.pseudonymiser = pseudonymiser;
        this.rememberNanos = config.directory().cacheFor().toNanos();
    }

    private record Remembered(ResolvedPerson person, long until) {
    }

    /** Whose an identifier is: the canonical person key, and their primary team when the directory knows them. */
    public record ResolvedPerson(String personKey, String primaryTeam) {

        /** The event's own team wins; else the person's primary team (which may be null). */
        public String team(String eventTeam) {
            return eventTeam != null ? eventTeam : primaryTeam;
        }
    }

    /** Resolves the persons of every bound item of a batch at once, keyed by the identifiers as given. */
    public <Q> Map<String, ResolvedPerson> resolveAll(Batch<Q> batch, Function<Q, String> person) {
        return resolveAll(batch.items().stream().map(Incoming::request).filter(Objects::nonNull).map(person)
                .filter(identifier -> identifier != null && !identifier.isBlank()).collect(Collectors.toSet()));
    }

    /** Resolves every identifier at once; the answer is keyed by the identifiers as given. */
    public Map<String, ResolvedPerson> resolveAll(Collection<String> identifiers) {
        if (identifiers.isEmpty()) {
            return Map.of();
        }
        long now = System.nanoTime();
        Map<String, String> keys = new HashMap<>();
        Map<String, ResolvedPerson> byKey = new HashMap<>();
        for (String identifier : identifiers) {
            String key = pseudonymiser.personKey(identifier);
            keys.put(identifier, key);
            Remembered known = remembered.get(key);
            if (known != null && now - known.until() < 0) {
                byKey.put(key, known.person());
            }
        }
        List<String> unknown = keys.values().stream().filter(key -> !byKey.containsKey(key)).distinct().toList();
        if (!unknown.isEmpty()) {
            lookUp(unknown, byKey, now + rememberNanos);
        }
        Map<String, ResolvedPerson> resolved = new HashMap<>();
        keys.forEach((identifier, key) -> resolved.put(identifier, byKey.get(key)));
        return resolved;
    }

    /** Forgets every remembered answer: this replica has just changed the directory. */
    public void forget() {
        remembered.clear();
    }

    private void lookUp(List<String> keys, Map<String, ResolvedPerson> byKey, long until) {
        if (remembered.size() + keys.size() > MAX_REMEMBERED) {
            remembered.clear();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(RESOLVE)) {
            query.setArray(1, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ResolvedPerson person = new ResolvedPerson(rows.getString(2), rows.getString(3));
                    byKey.put(rows.getString(1), person);
                    if (rememberNanos > 0) {
                        remembered.put(rows.getString(1), new Remembered(person, until));
                    }
                }
            }
        } catch (SQLException e) {
            throw new DirectoryException(e);
        }
    }

    /** A database failure while resolving people; mapped like any SQL failure (503 when unreachable). */
    public static final class DirectoryException extends RuntimeException {
        DirectoryException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
