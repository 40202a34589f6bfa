package dev.goodhart.scoring.person;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person as scoring-service knows them: a pseudonymous key and, when the directory sent it, their teams. */
@Entity
@Table(name = "person")
public class Person extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "person_key", nullable = false, unique = true)
    public String personKey;

    @Column(name = "in_directory", nullable = false)
    public boolean inDirectory;

    @Column(name = "primary_team")
    public String primaryTeam;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "teams", nullable = false, columnDefinition = "text[]")
    public List<String> teams;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "directory_received_at")
    public Instant directoryReceivedAt;

    public static Optional<Person> byKey(String personKey) {
        return find("personKey", personKey).firstResultOptional();
    }
}
