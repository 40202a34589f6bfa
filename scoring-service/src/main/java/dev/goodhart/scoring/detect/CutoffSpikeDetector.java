package dev.goodhart.scoring.detect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.score.WeekActivity;

/**
 * Usage pumped up just before the weekly measurement cut-off: per person and week, the token rate in the
 * {@code window} before the cut-off ({@code day} at {@code time} UTC) against the rate in the rest of the week.
 * A ratio of at least {@code min-ratio}, at least {@code min-tokens} in the window, and at most {@code
 * max-linked-share} of them linked to a result flags. A Friday crunch that ships is not a spike.
 */
@Singleton
public class CutoffSpikeDetector extends PersonDetector {

    public static final String NAME = "cutoff_spike";
    private static final double HOUR_MILLIS = 3_600_000.0;

    private final ScoringConfig.CutoffSpike settings;

    public CutoffSpikeDetector(ScoringConfig config) {
        super(NAME);
        this.settings = config.detectors().cutoffSpike();
    }

    @Override
    protected FlagDraft judge(WeekActivity week, int personId, int[] events) {
        Instant cutoff = week.week().plusDays(settings.day().getValue() - 1L).atTime(settings.time())
                .toInstant(ZoneOffset.UTC);
        // The window is clipped to the week: the scoring unit is the ISO week.
        Instant windowStart = cutoff.minus(settings.window()).isBefore(week.from()) ? week.from() : cutoff.minus(settings.window());
        double windowHours = (cutoff.toEpochMilli() - windowStart.toEpochMilli()) / HOUR_MILLIS;
        double restHours = (week.to().toEpochMilli() - week.from().toEpochMilli()) / HOUR_MILLIS - windowHours;
        if (windowHours <= 0 || restHours <= 0) {
            return null;
        }
        List<Integer> spike = new ArrayList<>();
        long spikeTokens = 0;
        long restTokens = 0;
        for (int event : events) {
            long time = week.time(event);
            if (time >= windowStart.toEpochMilli() && time < cutoff.toEpochMilli()) {
                spike.add(event);
                spikeTokens += week.tokens(event);
            } else {
                restTokens += week.tokens(event);
            }
        }
        if (spikeTokens < settings.minTokens()) {
            return null;
        }
        int[] spikeEvents = indices(spike);
        double spikeRate = spikeTokens / windowHours;
        double restRate = restTokens / restHours;
        double ratio = restRate == 0 ? Double.POSITIVE_INFINITY : spikeRate / restRate;
        double linkedShare = Activity.linkedShare(week, spikeEvents);
        if (ratio < settings.minRatio() || linkedShare > settings.maxLinkedShare()) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("cutoff", cutoff.toString());
        evidence.put("windowStart", windowStart.toString());
        evidence.put("windowTokens", spikeTokens);
        evidence.put("restOfWeekTokens", restTokens);
        evidence.put("tokensPerHourInWindow", Math.round(spikeRate));
        evidence.put("tokensPerHourRestOfWeek", Math.round(restRate));
        evidence.put("ratio", Double.isInfinite(ratio) ? null : Activity.round(ratio, 1));
        evidence.put("linkedShare", Activity.round(linkedShare, 3));
        evidence.put("minRatio", settings.minRatio());
        String summary = Double.isInfinite(ratio)
                ? String.format("%d tokens just before the %s cut-off and none in the rest of the week", spikeTokens, cutoff)
                : String.format("%.1f times the usual token rate in the %.0f hours before the %s cut-off, with little result",
                        ratio, windowHours, cutoff);
        return new FlagDraft(NAME, personId, null, windowStart, cutoff, spikeEvents, summary, evidence);
    }
}
