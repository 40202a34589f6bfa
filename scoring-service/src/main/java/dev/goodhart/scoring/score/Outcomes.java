package dev.goodhart.scoring.score;

import java.util.Arrays;

/** Outcome and context events around a week (the week plus the link window on each side), in columns. */
final class Outcomes {

    static final int NO_PERSON = -1;

    int size;
    long[] rowIds = new long[256];
    long[] times = new long[256];
    String[] kinds = new String[256];
    long[] sessionKeys = new long[256];
    long[] taskKeys = new long[256];
    long[] traceKeys = new long[256];
    long[] referenceKeys = new long[256];
    int[] personIds = new int[256];
    String[] teams = new String[256];
    /** How many outcomes each record stands for ({@code attributes.count}). */
    int[] counts = new int[256];

    int add() {
        if (size == rowIds.length) {
            int capacity = size * 2;
            rowIds = Arrays.copyOf(rowIds, capacity);
            times = Arrays.copyOf(times, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            sessionKeys = Arrays.copyOf(sessionKeys, capacity);
            taskKeys = Arrays.copyOf(taskKeys, capacity);
            traceKeys = Arrays.copyOf(traceKeys, capacity);
            referenceKeys = Arrays.copyOf(referenceKeys, capacity);
            personIds = Arrays.copyOf(personIds, capacity);
            teams = Arrays.copyOf(teams, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        return size++;
    }
}
