package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A candidate policy set that runs beside the active one; answers never come from it. */
@Entity
@Table(name = "policy_shadow")
public class PolicyShadow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(nullable = false)
    public String source;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(nullable = false)
    public boolean running;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    /** Decisions evaluated beside the active set; maintained by the audit writer. */
    @Column(nullable = false, insertable = false, updatable = false)
    public long compared;

    public static Optional<PolicyShadow> findRunning() {
        return find("running", true).firstResultOptional();
    }
}
