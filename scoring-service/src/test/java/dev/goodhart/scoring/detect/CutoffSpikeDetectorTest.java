package dev.goodhart.scoring.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.goodhart.scoring.score.WeekFixture;
import dev.goodhart.scoring.support.TestConfig;

class CutoffSpikeDetectorTest {

    /** Friday 17:00 UTC, the default cut-off. */
    private static final Instant CUTOFF = WeekFixture.MONDAY.plus(Duration.ofDays(4)).plus(Duration.ofHours(17));

    private final CutoffSpikeDetector detector = new CutoffSpikeDetector(TestConfig.scoring());

    @Test
    void heavyUnlinkedUseJustBeforeTheCutoffIsASpike() {
        WeekFixture week = new WeekFixture();
        week.series(4, WeekFixture.MONDAY.plus(Duration.ofHours(10)), Duration.ofHours(8), 10);
        week.series(4, CUTOFF.minus(Duration.ofHours(10)), Duration.ofMinutes(10), 40).forEach(event -> event.tokens(15_000));

        List<FlagDraft> flags = detector.detect(week.build());

        assertEquals(1, flags.size());
        assertEquals(CUTOFF, flags.get(0).to());
        assertEquals(CUTOFF.minus(Duration.ofHours(24)), flags.get(0).from());
        assertEquals(600_000L, flags.get(0).evidence().get("windowTokens"));
        assertEquals(40, flags.get(0).events().length);
    }

    @Test
    void aFridayCrunchThatShipsIsNot() {
        WeekFixture week = new WeekFixture();
        week.series(4, WeekFixture.MONDAY.plus(Duration.ofHours(10)), Duration.ofHours(8), 10);
        week.series(4, CUTOFF.minus(Duration.ofHours(10)), Duration.ofMinutes(10), 40)
                .forEach(event -> event.tokens(15_000).linked());
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void aSmallBumpIsNot() {
        WeekFixture week = new WeekFixture();
        week.series(4, CUTOFF.minus(Duration.ofHours(3)), Duration.ofMinutes(10), 10);
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void theCutoffIsConfiguration() {
        CutoffSpikeDetector mondayMorning = new CutoffSpikeDetector(TestConfig.scoring(Map.of(
                "goodhart.scoring.detectors.cutoff-spike.day", "WEDNESDAY",
                "goodhart.scoring.detectors.cutoff-spike.time", "09:00")));
        WeekFixture week = new WeekFixture();
        week.series(4, CUTOFF.minus(Duration.ofHours(10)), Duration.ofMinutes(10), 40).forEach(event -> event.tokens(15_000));
        assertEquals(List.of(), mondayMorning.detect(week.build()));
    }
}
