package dev.goodhart.scoring.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.goodhart.scoring.score.WeekFixture;
import dev.goodhart.scoring.support.TestConfig;

class PhantomReferenceDetectorTest {

    private static final Instant TUESDAY = WeekFixture.MONDAY.plus(Duration.ofHours(34));

    private final PhantomReferenceDetector detector = new PhantomReferenceDetector(TestConfig.scoring());

    @Test
    void summariesOfMeetingsNoCalendarKnowsArePhantoms() {
        WeekFixture week = new WeekFixture().context("meeting_held", "meeting:standup-1");
        week.usage(5, TUESDAY).artifact("meeting_summary", "meeting:standup-1");
        for (int i = 0; i < 4; i++) {
            week.usage(5, TUESDAY.plus(Duration.ofHours(i + 1))).artifact("meeting_summary", "meeting:never-" + i);
        }

        List<FlagDraft> flags = detector.detect(week.build());

        assertEquals(1, flags.size());
        assertEquals(4, flags.get(0).evidence().get("phantomReferences"));
        assertEquals(5, flags.get(0).evidence().get("artifactsJudged"));
        assertEquals(List.of("meeting:never-0", "meeting:never-1", "meeting:never-2", "meeting:never-3"),
                flags.get(0).evidence().get("exampleReferences"));
    }

    @Test
    void aFewUnreportedMeetingsAreNormal() {
        WeekFixture week = new WeekFixture().context("meeting_held", "meeting:standup-1");
        for (int i = 0; i < 3; i++) {
            week.usage(5, TUESDAY.plus(Duration.ofHours(i + 1))).artifact("meeting_summary", "meeting:unreported-" + i);
        }
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void meetingsThatTookPlaceAreNot() {
        WeekFixture week = new WeekFixture();
        for (int i = 0; i < 4; i++) {
            week.context("meeting_held", "meeting:real-" + i);
            week.usage(5, TUESDAY.plus(Duration.ofHours(i))).artifact("meeting_summary", "meeting:real-" + i);
        }
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void withoutAnyCalendarSourceNothingIsJudged() {
        WeekFixture week = new WeekFixture();
        for (int i = 0; i < 5; i++) {
            week.usage(5, TUESDAY.plus(Duration.ofHours(i))).artifact("meeting_summary", "meeting:unknown-" + i);
        }
        assertEquals(List.of(), detector.detect(week.build()));
    }

    @Test
    void otherReferencesAreNotSubjects() {
        WeekFixture week = new WeekFixture().context("meeting_held", "meeting:x");
        for (int i = 0; i < 5; i++) {
            week.usage(5, TUESDAY.plus(Duration.ofHours(i))).artifact("pull_request", "https://github.com/acme/x/pull/" + i);
        }
        assertEquals(List.of(), detector.detect(week.build()));
    }
}
