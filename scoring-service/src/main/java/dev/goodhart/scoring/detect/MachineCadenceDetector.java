package dev.goodhart.scoring.detect;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.score.WeekActivity;

/**
 * A script posing as a person: people work in bursts, with pauses of every length, so the gaps between their calls
 * vary a lot (a coefficient of variation around 1 or more). Per person and week, every run of {@code min-events}
 * consecutive human-triggered calls whose inter-arrival gaps have a coefficient of variation (standard deviation over
 * mean) of at most {@code max-variation} is machine-like; if the calls in such runs link to results for at most
 * {@code max-linked-share} of their tokens, the person is flagged. Scheduled and agent-triggered calls are expected to
 * be regular and are not judged here.
 */
@Singleton
public class MachineCadenceDetector extends PersonDetector {

    public static final String NAME = "machine_cadence";
    /** Calls closer than this are a burst, not a rhythm: a window averaging less is never called regular. */
    private static final double MIN_MEAN_GAP_MILLIS = 1_000;

    private final ScoringConfig.MachineCadence settings;

    public MachineCadenceDetector(ScoringConfig config) {
        super(NAME);
        this.settings = config.detectors().machineCadence();
    }

    @Override
    protected FlagDraft judge(WeekActivity week, int personId, int[] events) {
        int window = settings.minEvents();
        int[] calls = Arrays.stream(events).filter(event -> !week.automated(event)).toArray();
        if (calls.length < window) {
            return null;
        }
        BitSet regular = new BitSet(calls.length);
        double lowestVariation = Double.MAX_VALUE;
        double meanGapOfLowest = 0;
        // Sliding sums over the window's gaps (window - 1 of them).
        double sum = 0;
        double sumOfSquares = 0;
        int gaps = window - 1;
        for (int i = 1; i < calls.length; i++) {
            double gap = week.time(calls[i]) - week.time(calls[i - 1]);
            sum += gap;
            sumOfSquares += gap * gap;
            if (i > gaps) {
                double leaving = week.time(calls[i - gaps]) - week.time(calls[i - gaps - 1]);
                sum -= leaving;
                sumOfSquares -= leaving * leaving;
            }
            if (i >= gaps) {
                double mean = sum / gaps;
                double variance = Math.max(0, sumOfSquares / gaps - mean * mean);
                double variation = mean < MIN_MEAN_GAP_MILLIS ? Double.MAX_VALUE : Math.sqrt(variance) / mean;
                if (variation <= settings.maxVariation()) {
                    regular.set(i - gaps, i + 1);
                    if (variation < lowestVariation) {
                        lowestVariation = variation;
                        meanGapOfLowest = mean;
                    }
                }
            }
        }
        if (regular.isEmpty()) {
            return null;
        }
        int[] covered = regular.stream().map(position -> calls[position]).toArray();
        double linkedShare = Activity.linkedShare(week, covered);
        if (linkedShare > settings.maxLinkedShare()) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("regularCalls", covered.length);
        evidence.put("humanTriggeredCalls", calls.length);
        evidence.put("lowestVariation", Activity.round(lowestVariation, 4));
        evidence.put("meanGapSeconds", Activity.round(meanGapOfLowest / 1000, 1));
        evidence.put("linkedShare", Activity.round(linkedShare, 3));
        evidence.put("window", window);
        evidence.put("maxVariation", settings.maxVariation());
        return flag(week, personId, covered, String.format(
                "%d calls reported as human arrived every %.0f s with a variation of only %.3f", covered.length,
                meanGapOfLowest / 1000, lowestVariation), evidence);
    }
}
