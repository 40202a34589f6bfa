package dev.goodhart.ingest.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A person of the directory, known only by keys: the keyed hash of their primary e-mail ({@link #personKey}) and of
 * their manager's. The feed position and receivedAt are set by a trigger on every change (V3 migration).
 */
@Entity
@Table(name = "directory_person")
public class DirectoryPerson extends PanacheEntityBase {

    @Id
    @Column(name = "person_key")
    public String personKey;

    @Column(name = "primary_team")
    public String primaryTeam;

    @Column(name = "teams", nullable = false)
    public String[] teams;

    @Column(name = "manager_key")
    public String managerKey;

    @Column(name = "active", nullable = false)
    public boolean active;
}
