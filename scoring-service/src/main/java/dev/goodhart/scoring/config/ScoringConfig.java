package dev.goodhart.scoring.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of scoring-service; README's "scoring-service settings" table documents each. */
@ConfigMapping(prefix = "goodhart.scoring")
public interface ScoringConfig {

    Pseudonymisation pseudonymisation();

    Privacy privacy();

    Linking linking();

    Feed feed();

    Runs runs();

    Detectors detectors();

    interface Pseudonymisation {
        /** The same secret as ingest-service's: an employee's e-mail claim must hash to the key of their rows. */
        String key();
    }

    interface Privacy {
        /**
         * k: an aggregate is shown only when it covers at least this many distinct people. Below 3 an aggregate
         * identifies people too easily, so the service refuses to start.
         */
        @WithDefault("5")
        @Min(value = 3, message = "must be at least 3: smaller groups identify people")
        int minGroupSize();
    }

    interface Linking {
        /** An outcome links to usage with a matching session, task, trace or artifact reference this close in time. */
        @WithDefault("P7D")
        Duration window();
    }

    interface Feed {
        /** Events asked for per page (ingest-service serves at most 10,000). */
        @WithDefault("10000")
        @Min(1)
        @Max(10_000)
        int pageSize();

        /**
         * While catching up, pages already read are applied together in one transaction up to this many records: the
         * commit, the cursor update and one weekly-total update per person are then shared by more events. Memory
         * grows with it (about 1 KB per record, twice: the pages applied and the pages read ahead).
         */
        @WithDefault("50000")
        @Min(1)
        int maxEventsPerTransaction();

        /** How often the feed is polled ("off" disables polling, e.g. in tests that apply pages themselves). */
        @WithDefault("5s")
        String pollInterval();
    }

    interface Runs {
        /**
         * Weeks with new events are scored at most this often: a week of a large organisation takes seconds to score,
         * and a feed that trickles in every few seconds should not rescore it every time.
         */
        @WithDefault("PT1M")
        Duration minInterval();

        /** Weeks scored side by side; each holds a week's usage in memory (a 5,000-person week: about 0.5 GB). */
        @WithDefault("2")
        @Min(1)
        int parallelism();
    }

    interface Detectors {
        /** Example event ids quoted in a flag's evidence. */
        @WithDefault("5")
        @Min(1)
        int examples();

        NearDuplicatePrompts nearDuplicatePrompts();

        OrphanOutput orphanOutput();

        PhantomReferences phantomReferences();

        UnattendedAutomation unattendedAutomation();

        SelfLoopingAutomation selfLoopingAutomation();

        CutoffSpike cutoffSpike();

        MachineCadence machineCadence();
    }

    interface NearDuplicatePrompts {
        /** Two prompts are near-duplicates when their 64-bit SimHashes differ in at most this many bits. */
        @WithDefault("3")
        @Min(0)
        @Max(15)
        int maxHammingDistance();

        /** Near-duplicates of one prompt within a day needed to flag. */
        @WithDefault("10")
        @Min(2)
        int minClusterSize();

        /** A cluster whose events are linked more than this is real iteration, not padding. */
        @WithDefault("0.2")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxLinkedShare();
    }

    interface OrphanOutput {
        /** Unlinked human-triggered tokens in a week needed to flag. */
        @WithDefault("200000")
        @Min(1)
        long minTokens();

        /** Share of the week's human-triggered tokens that must be unlinked. */
        @WithDefault("0.8")
        @DecimalMin("0")
        @DecimalMax("1")
        double minShare();
    }

    interface PhantomReferences {
        /** Distinct phantom references in a week needed to flag (a calendar that misses a meeting now and then is normal). */
        @WithDefault("4")
        @Min(1)
        int minPhantoms();

        /**
         * Reference schemes that name a real-world subject, and the context kind that proves the subject existed:
         * {@code meeting -> meeting_held} means an artifact about {@code meeting:<id>} needs a {@code meeting_held}
         * event for that ref. A scheme no source reports at all is not judged.
         */
        Map<String, String> subjects();
    }

    interface UnattendedAutomation {
        /** Automated (schedule- or agent-triggered) runs in a week needed to judge. */
        @WithDefault("10")
        @Min(1)
        int minRuns();

        /** Flag when at most this share of runs was ever accepted, rejected or linked to an outcome. */
        @WithDefault("0.05")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxReviewedShare();
    }

    interface SelfLoopingAutomation {
        /** Consecutive agent-triggered calls of one agent in one session or trace needed to call it a loop. */
        @WithDefault("20")
        @Min(2)
        int minChain();

        /** Longest pause between two calls of one loop. */
        @WithDefault("PT5M")
        Duration maxGap();

        /** A loop whose calls are linked or reviewed more than this produced something someone used. */
        @WithDefault("0.05")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxReviewedShare();
    }

    interface CutoffSpike {
        /** The weekly measurement cut-off (UTC), e.g. when token leaderboards are snapshotted. */
        @WithDefault("FRIDAY")
        DayOfWeek day();

        @WithDefault("17:00")
        LocalTime time();

        /** The spike window: this long before the cut-off. */
        @WithDefault("PT24H")
        Duration window();

        /**
         * Token rate in the window divided by the rate in the rest of the week needed to flag. High enough that a heavy
         * day which merely happens to be a Friday is not a spike.
         */
        @WithDefault("10")
        @DecimalMin("1")
        double minRatio();

        @WithDefault("100000")
        @Min(1)
        long minTokens();

        @WithDefault("0.2")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxLinkedShare();
    }

    interface MachineCadence {
        /** Consecutive human-triggered calls looked at together. */
        @WithDefault("30")
        @Min(5)
        int minEvents();

        /** Coefficient of variation of their inter-arrival gaps below which the rhythm is machine-like. */
        @WithDefault("0.15")
        @DecimalMin("0")
        double maxVariation();

        @WithDefault("0.5")
        @DecimalMin("0")
        @DecimalMax("1")
        double maxLinkedShare();
    }
}
