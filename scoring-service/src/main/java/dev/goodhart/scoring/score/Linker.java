package dev.goodhart.scoring.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.goodhart.scoring.feed.OutcomeKinds;

/**
 * Links a week's usage to the outcomes around it: a usage event is linked when an outcome of a valued kind shares its
 * session, task or trace id, or names its artifact reference, and happened within the link window before or after
 * it. A rejection links nothing but shows the output was reviewed. Linking is monotonic (events are never removed),
 * so an outcome once linked stays linked.
 */
final class Linker {

    private Linker() {
    }

    /** Marks linked and reviewed usage events; returns the indices of the outcomes this week's usage links to. */
    static List<Integer> link(WeekActivity week, Outcomes outcomes) {
        Map<Long, int[]> byKey = index(outcomes);
        long window = week.linkWindowMillis();
        boolean[] linkedNow = new boolean[outcomes.size];
        for (int event = 0; event < week.size(); event++) {
            long time = week.time(event);
            match(week, outcomes, byKey.get(week.sessionKey(event)), event, time, window, linkedNow);
            match(week, outcomes, byKey.get(week.taskKey(event)), event, time, window, linkedNow);
            match(week, outcomes, byKey.get(week.traceKey(event)), event, time, window, linkedNow);
            match(week, outcomes, byKey.get(week.referenceKey(event)), event, time, window, linkedNow);
        }
        List<Integer> linked = new ArrayList<>();
        for (int outcome = 0; outcome < outcomes.size; outcome++) {
            if (linkedNow[outcome]) {
                linked.add(outcome);
            }
        }
        return linked;
    }

    private static void match(WeekActivity week, Outcomes outcomes, int[] candidates, int event, long time, long window,
            boolean[] linkedNow) {
        if (candidates == null) {
            return;
        }
        for (int outcome : candidates) {
            if (Math.abs(outcomes.times[outcome] - time) > window) {
                continue;
            }
            if (OutcomeKinds.valued(outcomes.kinds[outcome])) {
                week.markLinked(event);
                linkedNow[outcome] = true;
            } else {
                week.markReviewed(event);
            }
        }
    }

    /** Outcome indices by each of their keys; key 0 means absent and is never indexed. */
    private static Map<Long, int[]> index(Outcomes outcomes) {
        Map<Long, int[]> byKey = new HashMap<>(outcomes.size * 3);
        for (int outcome = 0; outcome < outcomes.size; outcome++) {
            add(byKey, outcomes.sessionKeys[outcome], outcome);
            add(byKey, outcomes.taskKeys[outcome], outcome);
            add(byKey, outcomes.traceKeys[outcome], outcome);
            add(byKey, outcomes.referenceKeys[outcome], outcome);
        }
        return byKey;
    }

    private static void add(Map<Long, int[]> byKey, long key, int outcome) {
        if (key == 0) {
            return;
        }
        byKey.merge(key, new int[] { outcome }, (existing, added) -> {
            int[] grown = Arrays.copyOf(existing, existing.length + 1);
            grown[existing.length] = outcome;
            return grown;
        });
    }
}
