package dev.goodhart.scoring.score;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.scoring.config.ScoringConfig;

/**
 * Which weeks need a scoring run: those with events newer than their last run, and those scored before they were
 * settled that the watermark has since settled (their flags are due).
 */
@ApplicationScoped
@Transactional
public class ScoringWeeks {

    private static final String RESCORE = "scoredVersion is null or scoredVersion <> dirtyVersion";
    private static final String RESCORE_OR_NEWLY_SETTLED = RESCORE + " or (settled = false and week <= ?1)";

    private final Duration linkWindow;

    public ScoringWeeks(ScoringConfig config) {
        this.linkWindow = config.linking().window();
    }

    public List<ScoringWeek> pending(Instant watermark, int limit) {
        if (watermark == null) {
            return ScoringWeek.<ScoringWeek>find(RESCORE + " order by week").page(0, limit).list();
        }
        return ScoringWeek.<ScoringWeek>find("(" + RESCORE_OR_NEWLY_SETTLED + ") order by week", lastSettled(watermark))
                .page(0, limit).list();
    }

    public long pending(Instant watermark) {
        return watermark == null ? ScoringWeek.count(RESCORE) : ScoringWeek.count(RESCORE_OR_NEWLY_SETTLED, lastSettled(watermark));
    }

    /** A week is settled when its end plus the link window lies before the watermark: its usage had time to link. */
    public boolean settled(LocalDate week, Instant watermark) {
        return watermark != null && !week.isAfter(lastSettled(watermark));
    }

    /** Records a run; a week that received events since {@code seenVersion} stays pending. */
    public void scored(LocalDate week, long seenVersion, boolean settled) {
        ScoringWeek row = ScoringWeek.findById(week);
        row.scoredVersion = seenVersion;
        row.settled = settled;
        row.scoredAt = Instant.now();
    }

    private LocalDate lastSettled(Instant watermark) {
        return watermark.minus(linkWindow).atOffset(ZoneOffset.UTC).toLocalDate().minusDays(7);
    }
}
