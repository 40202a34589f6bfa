package dev.goodhart.scoring.detect;

import java.util.HashMap;
import java.util.Map;

import dev.goodhart.scoring.score.WeekActivity;

/** Small sums over a set of a week's events that several detectors share. */
final class Activity {

    private Activity() {
    }

    static long tokens(WeekActivity week, int[] events, int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += week.tokens(events[i]);
        }
        return sum;
    }

    static long tokens(WeekActivity week, int[] events) {
        return tokens(week, events, events.length);
    }

    /** Share of the events' tokens that are linked to a valued result (0 when there are no tokens). */
    static double linkedShare(WeekActivity week, int[] events) {
        long total = 0;
        long linked = 0;
        for (int event : events) {
            total += week.tokens(event);
            if (week.linked(event)) {
                linked += week.tokens(event);
            }
        }
        return total == 0 ? 0 : (double) linked / total;
    }

    /** The person most of the events belong to (an agent's owner). */
    static Integer mainPerson(WeekActivity week, int[] events) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int event : events) {
            counts.merge(week.personIdOf(event), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
