package dev.goodhart.policy.policy;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Who made which version active, and when (every PUT and every rollback). */
@Entity
@Table(name = "policy_activation")
public class PolicyActivation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public int version;

    @Column(name = "activated_at", nullable = false)
    public Instant activatedAt;

    @Column(name = "activated_by", nullable = false)
    public String activatedBy;
}
