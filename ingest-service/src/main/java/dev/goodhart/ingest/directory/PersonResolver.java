package dev.goodhart.ingest.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.Incoming;
import dev.goodhart.ingest.privacy.Pseudonymiser;

/**
 * Turns the person identifiers of incoming events into canonical person keys and primary teams: an identifier is
 * hashed first, then looked up among the directory's identifier hashes. Unknown identifiers keep their own hash (the
 * canonical key when they are a primary e-mail). Plain JDBC: one query resolves every person of a batch of up to
 * 10,000 events.
 */
@ApplicationScoped
@Transactional
public class PersonResolver {

    private static final String RESOLVE = """
            select k.key, coalesce(i.person_key, k.key), p.primary_team
            from unnest(?::text[]) as k(key)
            left join directory_identifier i on i.identifier_key = k.key
            left join directory_person p on p.person_key = coalesce(i.person_key, k.key)
            """;

    private final AgroalDataSource dataSource;
    private final Pseudonymiser pseudonymiser;

    public PersonResolver(AgroalDataSource dataSource, Pseudonymiser pseudonymiser) {
        this.dataSource = dataSource;
        this.pseudonymiser = pseudonymiser;
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
        Map<String, String> keys = new HashMap<>();
        for (String identifier : identifiers) {
            keys.put(identifier, pseudonymiser.personKey(identifier));
        }
        Map<String, ResolvedPerson> byKey = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(RESOLVE)) {
            query.setArray(1, connection.createArrayOf("text", keys.values().stream().distinct().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byKey.put(rows.getString(1), new ResolvedPerson(rows.getString(2), rows.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new DirectoryException(e);
        }
        Map<String, ResolvedPerson> resolved = new HashMap<>();
        keys.forEach((identifier, key) -> resolved.put(identifier, byKey.get(key)));
        return resolved;
    }

    /** A database failure while resolving people; mapped like any SQL failure (503 when unreachable). */
    public static final class DirectoryException extends RuntimeException {
        DirectoryException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
