package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An immutable, numbered version of the Cedar policy set; exactly one is active. */
@Entity
@Table(name = "policy_version")
public class PolicyVersion extends PanacheEntityBase {

    @Id
    public Integer version;

    @Column(nullable = false, updatable = false)
    public String source;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(nullable = false)
    public boolean active;

    public static Optional<PolicyVersion> findActive() {
        return find("active", true).firstResultOptional();
    }

    public static List<PolicyVersion> newestFirst() {
        return list("order by version desc");
    }

    public static int latestVersion() {
        Integer latest = getEntityManager().createQuery("select max(v.version) from PolicyVersion v", Integer.class)
                .getSingleResult();
        return latest == null ? 0 : latest;
    }
}
