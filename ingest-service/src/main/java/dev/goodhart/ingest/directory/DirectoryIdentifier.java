package dev.goodhart.ingest.directory;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The keyed hash of one identifier of a person (GitHub login, employee id, another e-mail) and whose it is. */
@Entity
@Table(name = "directory_identifier")
public class DirectoryIdentifier extends PanacheEntityBase {

    @Id
    @Column(name = "identifier_key")
    public String identifierKey;

    @Column(name = "person_key", nullable = false)
    public String personKey;

    @Column(name = "kind", nullable = false)
    public String kind;

    static List<DirectoryIdentifier> ofPerson(String personKey) {
        return list("personKey", personKey);
    }
}
