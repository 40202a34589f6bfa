package dev.goodhart.ingest.otlp;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The last point seen of one cumulative metric series (V3 migration). */
@Entity
@Table(name = "metric_series")
public class MetricSeries extends PanacheEntityBase {

    @Id
    @Column(name = "series_key")
    public String seriesKey;

    @Column(name = "start_unix_nano", nullable = false)
    public long startUnixNano;

    @Column(name = "last_unix_nano", nullable = false)
    public long lastUnixNano;

    @Column(name = "last_value", nullable = false)
    public double lastValue;

    @Column(name = "last_count", nullable = false)
    public long lastCount;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
