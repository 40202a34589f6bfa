package dev.goodhart.scoring.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.goodhart.scoring.score.WeekActivity;
import dev.goodhart.scoring.score.WeekFixture;
import dev.goodhart.scoring.support.TestConfig;

class MachineCadenceDetectorTest {

    private static final Instant WEDNESDAY_NINE = WeekFixture.MONDAY.plus(Duration.ofHours(57));

    private final MachineCadenceDetector detector = new MachineCadenceDetector(TestConfig.scoring());

    @Test
    void aCallEveryNinetySecondsReportedAsHumanIsMachineLike() {
        WeekFixture week = new WeekFixture();
        Random random = new Random(1);
        for (int i = 0; i < 40; i++) {
            week.usage(3, WEDNESDAY_NINE.plusMillis(i * 90_000L + random.nextInt(2_000)));
        }

        List<FlagDraft> flags = detector.detect(week.build());

        assertEquals(1, flags.size());
        assertEquals(40, flags.get(0).events().length);
        assertTrue((double) flags.get(0).evidence().get("lowestVariation") < 0.05);
        assertEquals(90.0, (double) flags.get(0).evidence().get("meanGapSeconds"), 1.0);
    }

    @Test
    void burstyHumanWorkIsNot() {
        WeekFixture week = new WeekFixture();
        Random random = new Random(2);
        Instant at = WEDNESDAY_NINE;
        for (int i = 0; i < 200; i++) {
            at = at.plusMillis(Math.round(90_000 * Math.exp(random.nextGaussian())));
            week.usage(3, at);
        }
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void schedulesAreExpectedToBeRegular() {
        WeekFixture week = new WeekFixture();
        week.series(3, WEDNESDAY_NINE, Duration.ofMinutes(30), 48)
                .forEach(event -> event.trigger(WeekActivity.Trigger.SCHEDULE).agent("digest"));
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void aRegularToolWhoseOutputLandsIsNotFlagged() {
        WeekFixture week = new WeekFixture();
        week.series(3, WEDNESDAY_NINE, Duration.ofSeconds(90), 40).forEach(WeekFixture.Event::linked);
        assertEquals(List.of(), detector.detect(week.build()));
    }
}
