package dev.goodhart.scoring.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.goodhart.scoring.score.WeekActivity;
import dev.goodhart.scoring.score.WeekFixture;
import dev.goodhart.scoring.support.TestConfig;

class OrphanOutputDetectorTest {

    private static final Instant MONDAY_NINE = WeekFixture.MONDAY.plus(Duration.ofHours(9));

    private final OrphanOutputDetector detector = new OrphanOutputDetector(TestConfig.scoring());

    @Test
    void heavyUseThatNeverLandsIsOrphanOutput() {
        WeekFixture week = new WeekFixture();
        week.series(1, MONDAY_NINE, Duration.ofMinutes(5), 30).forEach(event -> event.tokens(8_000));
        week.usage(1, MONDAY_NINE.plus(Duration.ofDays(1))).tokens(8_000).linked();

        List<FlagDraft> flags = detector.detect(week.build());

        assertEquals(1, flags.size());
        assertEquals(240_000L, flags.get(0).evidence().get("orphanTokens"));
        assertEquals(30, flags.get(0).events().length);
    }

    @Test
    void anHonestHeavyUserWithOutcomesIsNeverFlagged() {
        WeekFixture week = new WeekFixture();
        List<WeekFixture.Event> events = week.series(1, MONDAY_NINE, Duration.ofMinutes(5), 300);
        for (int i = 0; i < events.size(); i++) {
            events.get(i).tokens(10_000);
            if (i % 4 != 0) {
                events.get(i).linked();
            }
        }
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void aLightExplorerIsNot() {
        WeekFixture week = new WeekFixture();
        week.series(1, MONDAY_NINE, Duration.ofHours(3), 20);
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void automatedUsageIsLeftToTheAutomationDetectors() {
        WeekFixture week = new WeekFixture();
        week.series(1, MONDAY_NINE, Duration.ofMinutes(5), 30)
                .forEach(event -> event.tokens(8_000).trigger(WeekActivity.Trigger.SCHEDULE).agent("bot"));
        assertEquals(List.of(), detector.detect(week.build()));
    }
}
