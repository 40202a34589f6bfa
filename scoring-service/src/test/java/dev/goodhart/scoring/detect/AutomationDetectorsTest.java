package dev.goodhart.scoring.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.goodhart.scoring.score.WeekActivity;
import dev.goodhart.scoring.score.WeekFixture;
import dev.goodhart.scoring.support.TestConfig;

/** Unattended and self-looping automation: runs nobody reviews, and agents that re-trigger themselves. */
class AutomationDetectorsTest {

    private static final Instant TUESDAY = WeekFixture.MONDAY.plus(Duration.ofHours(24));

    private final UnattendedAutomationDetector unattended = new UnattendedAutomationDetector(TestConfig.scoring());
    private final SelfLoopingAutomationDetector selfLooping = new SelfLoopingAutomationDetector(TestConfig.scoring());

    @Test
    void aScheduleNobodyReadsIsUnattended() {
        WeekFixture week = new WeekFixture();
        List<WeekFixture.Event> runs = week.series(9, TUESDAY, Duration.ofHours(1), 12);
        for (int i = 0; i < runs.size(); i++) {
            runs.get(i).trigger(WeekActivity.Trigger.SCHEDULE).agent("digest-bot").session("run-" + i);
        }

        List<FlagDraft> flags = unattended.detect(week.build());

        assertEquals(1, flags.size());
        assertEquals("digest-bot", flags.get(0).agent());
        assertEquals(9, flags.get(0).personId());
        assertEquals(12, flags.get(0).evidence().get("runs"));
    }

    @Test
    void aScheduleWhoseResultsArePeopleReviewIsNot() {
        WeekFixture week = new WeekFixture();
        List<WeekFixture.Event> runs = week.series(9, TUESDAY, Duration.ofHours(1), 12);
        for (int i = 0; i < runs.size(); i++) {
            runs.get(i).trigger(WeekActivity.Trigger.SCHEDULE).agent("triage-bot").session("run-" + i);
            if (i % 3 == 0) {
                runs.get(i).reviewed();
            }
        }
        assertEquals(List.of(), unattended.detect(week.build()));
    }

    @Test
    void automationWithoutAnAgentIdIsThePersonsOwn() {
        WeekFixture week = new WeekFixture();
        week.series(9, TUESDAY, Duration.ofHours(1), 12).forEach(event -> event.trigger(WeekActivity.Trigger.SCHEDULE));
        List<FlagDraft> flags = unattended.detect(week.build());
        assertEquals(1, flags.size());
        assertNull(flags.get(0).agent());
        assertEquals(9, flags.get(0).personId());
    }

    @Test
    void anAgentHandingItsOutputBackToItselfLoops() {
        WeekFixture week = new WeekFixture();
        week.series(9, TUESDAY, Duration.ofSeconds(20), 25)
                .forEach(event -> event.trigger(WeekActivity.Trigger.AGENT).agent("loop-agent").session("loop-1"));

        List<FlagDraft> flags = selfLooping.detect(week.build());

        assertEquals(1, flags.size());
        assertEquals("loop-agent", flags.get(0).agent());
        assertEquals(25, flags.get(0).evidence().get("longestLoop"));
    }

    @Test
    void shortHandOffsAndPausedChainsAreNotLoops() {
        WeekFixture week = new WeekFixture();
        for (int chain = 0; chain < 5; chain++) {
            week.series(9, TUESDAY.plus(Duration.ofHours(chain)), Duration.ofSeconds(20), 5)
                    .forEach(event -> event.trigger(WeekActivity.Trigger.AGENT).agent("orchestrator").session("handoff"));
        }
        assertEquals(List.of(), selfLooping.detect(week.build()));
    }

    @Test
    void aLongPipelineWhoseResultIsUsedIsNotALoop() {
        WeekFixture week = new WeekFixture();
        week.series(9, TUESDAY, Duration.ofSeconds(20), 25)
                .forEach(event -> event.trigger(WeekActivity.Trigger.AGENT).agent("builder").session("build").linked());
        assertEquals(List.of(), selfLooping.detect(week.build()));
    }
}
