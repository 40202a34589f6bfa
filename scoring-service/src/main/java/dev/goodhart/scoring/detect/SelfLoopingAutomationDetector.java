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
 * An agent that keeps re-triggering itself: per agent (or person, for unnamed automation) and week, agent-triggered
 * calls in one session (or trace) form a chain while each follows the previous within {@code max-gap}. A chain of at
 * least {@code min-chain} calls whose output was reviewed or linked for at most {@code max-reviewed-share} of its
 * calls is a loop. Short agent-to-agent hand-offs, and long pipelines that end in a result someone used, are not.
 */
@Singleton
public class SelfLoopingAutomationDetector implements Detector {

    public static final String NAME = "self_looping_automation";

    private final ScoringConfig.SelfLoopingAutomation settings;

    public SelfLoopingAutomationDetector(ScoringConfig config) {
        this.settings = config.detectors().selfLoopingAutomation();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FlagDraft> detect(WeekActivity week) {
        List<FlagDraft> flags = new ArrayList<>();
        long maxGap = settings.maxGap().toMillis();
        for (AutomationSubject subject : AutomationSubject.of(week,
                event -> week.trigger(event) == WeekActivity.Trigger.AGENT && chainKey(week, event) != 0)) {
            Map<Long, List<Integer>> open = new HashMap<>();
            List<List<Integer>> chains = new ArrayList<>();
            for (int event : subject.events()) {
                long key = chainKey(week, event);
                List<Integer> chain = open.get(key);
                if (chain != null && week.time(event) - week.time(chain.get(chain.size() - 1)) > maxGap) {
                    chains.add(chain);
                    chain = null;
                }
                if (chain == null) {
                    chain = new ArrayList<>();
                    open.put(key, chain);
                }
                chain.add(event);
            }
            chains.addAll(open.values());
            List<Integer> looping = new ArrayList<>();
            int loops = 0;
            int longest = 0;
            for (List<Integer> chain : chains) {
                long reviewed = chain.stream().filter(week::reviewed).count();
                if (chain.size() >= settings.minChain() && (double) reviewed / chain.size() <= settings.maxReviewedShare()) {
                    loops++;
                    longest = Math.max(longest, chain.size());
                    looping.addAll(chain);
                }
            }
            if (loops > 0) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("loops", loops);
                evidence.put("longestLoop", longest);
                evidence.put("loopingCalls", looping.size());
                evidence.put("agentTriggeredCalls", subject.events().length);
                evidence.put("minChain", settings.minChain());
                evidence.put("maxGapSeconds", settings.maxGap().toSeconds());
                flags.add(new FlagDraft(NAME, subject.personId(), subject.agent(), week.from(), week.to(),
                        looping.stream().mapToInt(Integer::intValue).toArray(),
                        String.format("%s re-triggered itself in %d loops of up to %d calls that nobody used",
                                subject.describe(), loops, longest), evidence));
            }
        }
        return flags;
    }

    /** A loop stays within one session, or one trace when there is no session; 0 when the call has neither. */
    private static long chainKey(WeekActivity week, int event) {
        return week.sessionKey(event) != 0 ? week.sessionKey(event) : week.traceKey(event);
    }
}
