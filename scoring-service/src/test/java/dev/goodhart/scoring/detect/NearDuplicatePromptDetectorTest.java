package dev.goodhart.scoring.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.goodhart.scoring.score.WeekActivity;
import dev.goodhart.scoring.score.WeekFixture;
import dev.goodhart.scoring.support.TestConfig;

class NearDuplicatePromptDetectorTest {

    private static final Instant TUESDAY_TEN = WeekFixture.MONDAY.plus(Duration.ofHours(34));
    private static final long PROMPT = 0x5a5a_1234_cafe_0f0fL;

    private final NearDuplicatePromptDetector detector = new NearDuplicatePromptDetector(TestConfig.scoring());

    @Test
    void tenPromptsWithinThreeBitsOfEachOtherAreFlagged() {
        WeekFixture week = new WeekFixture();
        List<WeekFixture.Event> events = week.series(7, TUESDAY_TEN, Duration.ofMinutes(2), 10);
        for (int i = 0; i < events.size(); i++) {
            // Each prompt differs from the first in up to three bits, in different bands.
            events.get(i).fingerprint(PROMPT ^ (i % 2L) ^ ((i % 3L) << 20) ^ ((long) (i % 4 == 0 ? 1 : 0) << 50));
        }

        List<FlagDraft> flags = detector.detect(week.build());

        assertEquals(1, flags.size());
        assertEquals(7, flags.get(0).personId());
        assertEquals(10, flags.get(0).events().length);
        assertEquals(10, flags.get(0).evidence().get("nearDuplicatePrompts"));
        assertEquals(10, flags.get(0).evidence().get("largestCluster"));
    }

    @Test
    void promptsFourBitsApartAreDifferentPrompts() {
        WeekFixture week = new WeekFixture();
        List<WeekFixture.Event> events = week.series(7, TUESDAY_TEN, Duration.ofMinutes(2), 12);
        for (int i = 0; i < events.size(); i++) {
            // Every pair differs in at least four bits (two nibbles of distinct non-zero patterns... spread wide).
            events.get(i).fingerprint(PROMPT ^ ((long) i * 0x0F0F_0000_0000L));
        }
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void fewerThanTheClusterSizeIsOrdinaryRetrying() {
        WeekFixture week = new WeekFixture();
        week.series(7, TUESDAY_TEN, Duration.ofMinutes(2), 9).forEach(event -> event.fingerprint(PROMPT));
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void theSameCountSplitOverTwoDaysIsNotAFlag() {
        WeekFixture week = new WeekFixture();
        week.series(7, TUESDAY_TEN, Duration.ofMinutes(2), 6).forEach(event -> event.fingerprint(PROMPT));
        week.series(7, TUESDAY_TEN.plus(Duration.ofDays(1)), Duration.ofMinutes(2), 6).forEach(event -> event.fingerprint(PROMPT));
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void iterationThatLandsIsNotPadding() {
        WeekFixture week = new WeekFixture();
        week.series(7, TUESDAY_TEN, Duration.ofMinutes(2), 12).forEach(event -> event.fingerprint(PROMPT).linked());
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void automatedCallsRepeatTheirPromptByDesign() {
        WeekFixture week = new WeekFixture();
        week.series(7, TUESDAY_TEN, Duration.ofMinutes(30), 20)
                .forEach(event -> event.fingerprint(PROMPT).trigger(WeekActivity.Trigger.SCHEDULE).agent("digest"));
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void theDistanceIsConfiguration() {
        NearDuplicatePromptDetector exactOnly = new NearDuplicatePromptDetector(
                TestConfig.scoring(Map.of("goodhart.scoring.detectors.near-duplicate-prompts.max-hamming-distance", "0")));
        WeekFixture week = new WeekFixture();
        List<WeekFixture.Event> events = week.series(7, TUESDAY_TEN, Duration.ofMinutes(2), 10);
        for (int i = 0; i < events.size(); i++) {
            events.get(i).fingerprint(PROMPT ^ (i % 2));
        }
        WeekActivity built = week.build();
        assertEquals(List.of(), exactOnly.detect(built));
        assertTrue(!detector.detect(built).isEmpty());
    }
}
