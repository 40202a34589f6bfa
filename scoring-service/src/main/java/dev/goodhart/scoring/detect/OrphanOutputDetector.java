package dev.goodhart.scoring.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.score.WeekActivity;

/**
 * Tokens that lead nowhere: per person and week, the human-triggered usage with no link to any outcome, acceptance
 * or approved PR within the link window. Flags when those tokens reach {@code min-tokens} and make up at least
 * {@code min-share} of the person's human-triggered tokens: a heavy user whose work lands is never flagged, nor is a
 * light user who explores a little. Automated usage is judged by the automation detectors.
 */
@Singleton
public class OrphanOutputDetector extends PersonDetector {

    public static final String NAME = "orphan_output";

    private final ScoringConfig.OrphanOutput settings;

    public OrphanOutputDetector(ScoringConfig config) {
        super(NAME);
        this.settings = config.detectors().orphanOutput();
    }

    @Override
    protected FlagDraft judge(WeekActivity week, int personId, int[] events) {
        long humanTokens = 0;
        long orphanTokens = 0;
        int humanEvents = 0;
        List<Integer> orphans = new ArrayList<>();
        for (int event : events) {
            if (week.automated(event)) {
                continue;
            }
            humanEvents++;
            humanTokens += week.tokens(event);
            if (!week.linked(event)) {
                orphanTokens += week.tokens(event);
                orphans.add(event);
            }
        }
        double share = humanTokens == 0 ? 0 : (double) orphanTokens / humanTokens;
        if (orphanTokens < settings.minTokens() || share < settings.minShare()) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("humanTokens", humanTokens);
        evidence.put("orphanTokens", orphanTokens);
        evidence.put("orphanShare", Activity.round(share, 3));
        evidence.put("humanEvents", humanEvents);
        evidence.put("orphanEvents", orphans.size());
        evidence.put("minTokens", settings.minTokens());
        evidence.put("minShare", settings.minShare());
        return flag(week, personId, indices(orphans), String.format(
                "%d tokens (%.0f%% of the week's own use) never linked to an outcome or acceptance", orphanTokens,
                share * 100), evidence);
    }
}
