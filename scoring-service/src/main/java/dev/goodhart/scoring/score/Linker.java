package dev.goodhart.scoring.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.goodhart.scoring.feed.OutcomeKinds;

/**
 * Links a week's usage to the outcomes around it: a usage event is linked when an outcome of a valued kind shares its
 * session, task or trace id, or names its artifact reference, and happened within the link window before or after
 * it. A rejection links nothing but shows the output was reviewed. Linking is monotonic (events are never removed),
 * so an outcome once linked stays linked.
 *
 * <p>Count-only samples link like calls, so that a person whose tool reports activity without tokens can be a
 * meaningful adopter. A source that reports a person's day as a whole (Copilot: one count-only sample and one
 * acceptance per user and day, with no ids to share) is linked by person and UTC day instead: an acceptance without any
 * id links that person's count-only samples of the same day. Outcomes linked only by count-only samples are told apart
 * ({@link Links#byCalls()}), because their tokens are unknown: per-token metrics must not divide by them.
 */
final class Linker {

    private static final long DAY_MILLIS = 86_400_000L;

    private Linker() {
    }

    /** The outcomes a week's usage links to (indices into its {@link Outcomes}), and those linked by calls. */
    record Links(List<Integer> outcomes, BitSet byCalls) {
    }

    /** Marks linked and reviewed usage events; returns the outcomes this week's usage links to. */
    static Links link(WeekActivity week, Outcomes outcomes) {
        Map<Long, int[]> byKey = index(outcomes);
        Map<Long, int[]> dailyAcceptances = dailyAcceptances(outcomes);
        long window = week.linkWindowMillis();
        boolean[] linkedNow = new boolean[outcomes.size];
        BitSet byCalls = new BitSet(outcomes.size);
        for (int event = 0; event < week.size(); event++) {
            long time = week.time(event);
            match(week, outcomes, byKey.get(week.sessionKey(event)), event, time, window, linkedNow, byCalls);
            match(week, outcomes, byKey.get(week.taskKey(event)), event, time, window, linkedNow, byCalls);
            match(week, outcomes, byKey.get(week.traceKey(event)), event, time, window, linkedNow, byCalls);
            match(week, outcomes, byKey.get(week.referenceKey(event)), event, time, window, linkedNow, byCalls);
            if (week.countOnly(event)) {
                match(week, outcomes, dailyAcceptances.get(personDay(week.personIdOf(event), time)), event, time, window,
                        linkedNow, byCalls);
            }
        }
        List<Integer> linked = new ArrayList<>();
        for (int outcome = 0; outcome < outcomes.size; outcome++) {
            if (linkedNow[outcome]) {
                linked.add(outcome);
            }
        }
        return new Links(linked, byCalls);
    }

    private static void match(WeekActivity week, Outcomes outcomes, int[] candidates, int event, long time, long window,
            boolean[] linkedNow, BitSet byCalls) {
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
                if (!week.countOnly(event)) {
                    byCalls.set(outcome);
                }
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

    /** Acceptances that carry no id to link by, by person and UTC day. */
    private static Map<Long, int[]> dailyAcceptances(Outcomes outcomes) {
        Map<Long, int[]> byPersonDay = new HashMap<>();
        for (int outcome = 0; outcome < outcomes.size; outcome++) {
            if (OutcomeKinds.OUTPUT_ACCEPTED.equals(outcomes.kinds[outcome]) && outcomes.personIds[outcome] != Outcomes.NO_PERSON
                    && outcomes.sessionKeys[outcome] == 0 && outcomes.taskKeys[outcome] == 0
                    && outcomes.traceKeys[outcome] == 0 && outcomes.referenceKeys[outcome] == 0) {
                add(byPersonDay, personDay(outcomes.personIds[outcome], outcomes.times[outcome]), outcome);
            }
        }
        return byPersonDay;
    }

    private static long personDay(int personId, long time) {
        return (long) personId << 32 | Math.floorDiv(time, DAY_MILLIS);
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
