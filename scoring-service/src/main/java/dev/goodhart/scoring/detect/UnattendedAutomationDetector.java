package dev.goodhart.scoring.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.goodhart.scoring.config.ScoringConfig;
import dev.goodhart.scoring.score.WeekActivity;

/**
 * Automation nobody reads: per agent (or person, for unnamed automation) and week, the scheduled or agent-triggered
 * runs (a run is a session; a call without a session is a run of its own). When there are at least {@code min-runs}
 * and at most {@code max-reviewed-share} of them were ever accepted, rejected or linked to an outcome, the output goes
 * nowhere. A scheduled job whose results people review is never flagged.
 */
@Singleton
public class UnattendedAutomationDetector implements Detector {

    public static final String NAME = "unattended_automation";

    private final ScoringConfig.UnattendedAutomation settings;

    public UnattendedAutomationDetector(ScoringConfig config) {
        this.settings = config.detectors().unattendedAutomation();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FlagDraft> detect(WeekActivity week) {
        List<FlagDraft> flags = new ArrayList<>();
        for (AutomationSubject subject : AutomationSubject.of(week, week::automated)) {
            Map<Long, Boolean> runs = new HashMap<>();
            long unnamedRun = -1;
            int scheduled = 0;
            for (int event : subject.events()) {
                long run = week.sessionKey(event) != 0 ? week.sessionKey(event) : unnamedRun--;
                runs.merge(run, week.reviewed(event), Boolean::logicalOr);
                if (week.trigger(event) == WeekActivity.Trigger.SCHEDULE) {
                    scheduled++;
                }
            }
            long reviewed = runs.values().stream().filter(Boolean::booleanValue).count();
            double share = (double) reviewed / runs.size();
            if (runs.size() >= settings.minRuns() && share <= settings.maxReviewedShare()) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("runs", runs.size());
                evidence.put("reviewedRuns", reviewed);
                evidence.put("reviewedShare", Activity.round(share, 3));
                evidence.put("calls", subject.events().length);
                evidence.put("scheduledCalls", scheduled);
                evidence.put("agentTriggeredCalls", subject.events().length - scheduled);
                evidence.put("minRuns", settings.minRuns());
                evidence.put("maxReviewedShare", settings.maxReviewedShare());
                flags.add(new FlagDraft(NAME, subject.personId(), subject.agent(), week.from(), week.to(), subject.events(),
                        String.format("%s ran %d times this week; %d of its runs were ever accepted, rejected or linked to"
                                + " an outcome", subject.describe(), runs.size(), reviewed), evidence));
            }
        }
        return flags;
    }
}
