package dev.goodhart.scoring.score;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One ISO week of usage in columns, as the detectors read it: primitive arrays instead of an object per event, so a
 * week of a 5,000-person organisation (2.5 million events) fits in a few hundred megabytes and scans in milliseconds.
 * Calls are reachable per person and per agent in time order; count-only samples (activity a source reported without
 * token counts) are not calls: they are events of the week, linked like any other, but the per-person and per-agent
 * views the detectors read leave them out. Absent session, task, trace and reference keys are 0. {@link Linker} fills
 * {@code linked} and {@code reviewed}; the rest is fixed at load time.
 */
public final class WeekActivity {

    /** How an event was triggered. A missing trigger is a person's claim by default, like an explicit "human". */
    public enum Trigger {
        HUMAN, SCHEDULE, AGENT;

        static Trigger of(String wire) {
            if ("schedule".equals(wire)) {
                return SCHEDULE;
            }
            return "agent".equals(wire) ? AGENT : HUMAN;
        }
    }

    private final LocalDate week;
    private final Instant from;
    private final Instant to;
    private final long linkWindowMillis;
    private final int size;
    private final long[] rowIds;
    private final long[] times;
    private final int[] personIds;
    private final String[] teams;
    private final String[] agents;
    private final Trigger[] triggers;
    private final long[] tokens;
    private final long[] sessionKeys;
    private final long[] taskKeys;
    private final long[] traceKeys;
    private final long[] referenceKeys;
    private final String[] artifactKinds;
    private final String[] artifactRefs;
    private final long[] fingerprints;
    private final BitSet hasFingerprint;
    private final BitSet countOnly;
    private final BitSet linked = new BitSet();
    private final BitSet reviewed = new BitSet();
    private final Map<String, Set<Long>> contextReferences;

    private final int[] personSlotIds;
    private final int[] personStarts;
    private final int[] byPerson;
    private final Map<String, int[]> byAgent;

    WeekActivity(LocalDate week, Instant from, Instant to, long linkWindowMillis, Columns columns,
            Map<String, Set<Long>> contextReferences) {
        this.week = week;
        this.from = from;
        this.to = to;
        this.linkWindowMillis = linkWindowMillis;
        this.size = columns.size;
        this.rowIds = columns.rowIds;
        this.times = columns.times;
        this.personIds = columns.personIds;
        this.teams = columns.teams;
        this.agents = columns.agents;
        this.triggers = columns.triggers;
        this.tokens = columns.tokens;
        this.sessionKeys = columns.sessionKeys;
        this.taskKeys = columns.taskKeys;
        this.traceKeys = columns.traceKeys;
        this.referenceKeys = columns.referenceKeys;
        this.artifactKinds = columns.artifactKinds;
        this.artifactRefs = columns.artifactRefs;
        this.fingerprints = columns.fingerprints;
        this.hasFingerprint = columns.hasFingerprint;
        this.countOnly = columns.countOnly;
        this.contextReferences = contextReferences;

        // Group calls by person (counting sort over the dense person ids), then order each person's calls by time.
        int maxPersonId = 0;
        for (int event = 0; event < size; event++) {
            maxPersonId = Math.max(maxPersonId, personIds[event]);
        }
        int[] slotOfPerson = new int[maxPersonId + 1];
        Arrays.fill(slotOfPerson, -1);
        int[] slotOfEvent = new int[size];
        int slots = 0;
        int calls = 0;
        for (int event = 0; event < size; event++) {
            if (countOnly.get(event)) {
                slotOfEvent[event] = -1;
                continue;
            }
            calls++;
            int slot = slotOfPerson[personIds[event]];
            if (slot < 0) {
                slot = slots++;
                slotOfPerson[personIds[event]] = slot;
            }
            slotOfEvent[event] = slot;
        }
        personSlotIds = new int[slots];
        for (int id = 0; id <= maxPersonId; id++) {
            if (slotOfPerson[id] >= 0) {
                personSlotIds[slotOfPerson[id]] = id;
            }
        }
        personStarts = new int[slots + 1];
        for (int event = 0; event < size; event++) {
            if (slotOfEvent[event] >= 0) {
                personStarts[slotOfEvent[event] + 1]++;
            }
        }
        for (int slot = 0; slot < personSlotIds.length; slot++) {
            personStarts[slot + 1] += personStarts[slot];
        }
        byPerson = new int[calls];
        int[] fill = Arrays.copyOf(personStarts, personSlotIds.length);
        for (int event = 0; event < size; event++) {
            if (slotOfEvent[event] >= 0) {
                byPerson[fill[slotOfEvent[event]]++] = event;
            }
        }
        for (int slot = 0; slot < personSlotIds.length; slot++) {
            sortByTime(byPerson, personStarts[slot], personStarts[slot + 1]);
        }

        Map<String, int[]> agentEvents = new LinkedHashMap<>();
        Map<String, Integer> agentCounts = new HashMap<>();
        for (int event = 0; event < size; event++) {
            if (agents[event] != null && !countOnly.get(event)) {
                agentCounts.merge(agents[event], 1, Integer::sum);
            }
        }
        Map<String, Integer> agentFill = new HashMap<>();
        agentCounts.forEach((agent, count) -> {
            agentEvents.put(agent, new int[count]);
            agentFill.put(agent, 0);
        });
        for (int event = 0; event < size; event++) {
            if (agents[event] != null && !countOnly.get(event)) {
                int position = agentFill.merge(agents[event], 1, Integer::sum) - 1;
                agentEvents.get(agents[event])[position] = event;
            }
        }
        agentEvents.values().forEach(events -> sortByTime(events, 0, events.length));
        byAgent = agentEvents;
    }

    /** Sorts event indices {@code [start, end)} by time; ties keep load order. */
    private void sortByTime(int[] events, int start, int end) {
        long[] keys = new long[end - start];
        for (int i = start; i < end; i++) {
            // Milliseconds since the week's start (under 2^30) above the event index (under 2^31).
            keys[i - start] = (times[events[i]] - from.toEpochMilli()) << 31 | events[i];
        }
        Arrays.sort(keys);
        for (int i = start; i < end; i++) {
            events[i] = (int) (keys[i - start] & 0x7fffffffL);
        }
    }

    public LocalDate week() {
        return week;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public long linkWindowMillis() {
        return linkWindowMillis;
    }

    /** Usage events in the week. */
    public int size() {
        return size;
    }

    /** People with calls this week. */
    public int people() {
        return personSlotIds.length;
    }

    /** The stored person id behind a person slot {@code 0 .. people()-1}. */
    public int personId(int slot) {
        return personSlotIds[slot];
    }

    /** A person's calls in time order: indices into this week, {@code events(slot)[i]}. */
    public int[] events(int slot) {
        return Arrays.copyOfRange(byPerson, personStarts[slot], personStarts[slot + 1]);
    }

    /** Every agent with calls this week, each with its calls in time order. */
    public Map<String, int[]> agentEvents() {
        return byAgent;
    }

    /** The stored row's physical address (ctid, as {@code block << 16 | line}), to look its event id up later. */
    public long rowId(int event) {
        return rowIds[event];
    }

    public long time(int event) {
        return times[event];
    }

    public int personIdOf(int event) {
        return personIds[event];
    }

    /** The event's team, '' when it named none. */
    public String team(int event) {
        return teams[event];
    }

    public String agent(int event) {
        return agents[event];
    }

    public Trigger trigger(int event) {
        return triggers[event];
    }

    public boolean automated(int event) {
        return triggers[event] != Trigger.HUMAN;
    }

    public long tokens(int event) {
        return tokens[event];
    }

    public long sessionKey(int event) {
        return sessionKeys[event];
    }

    public long taskKey(int event) {
        return taskKeys[event];
    }

    public long traceKey(int event) {
        return traceKeys[event];
    }

    public long referenceKey(int event) {
        return referenceKeys[event];
    }

    public String artifactKind(int event) {
        return artifactKinds[event];
    }

    public String artifactRef(int event) {
        return artifactRefs[event];
    }

    /** A count-only sample: activity without token counts, never a call. */
    public boolean countOnly(int event) {
        return countOnly.get(event);
    }

    public boolean hasFingerprint(int event) {
        return hasFingerprint.get(event);
    }

    public long fingerprint(int event) {
        return fingerprints[event];
    }

    /** Linked to a valued result (outcome, acceptance, approved PR) within the link window. */
    public boolean linked(int event) {
        return linked.get(event);
    }

    /** Someone looked at the output: linked, or explicitly rejected. */
    public boolean reviewed(int event) {
        return reviewed.get(event);
    }

    void markLinked(int event) {
        linked.set(event);
        reviewed.set(event);
    }

    void markReviewed(int event) {
        reviewed.set(event);
    }

    /** Some source reported a context event of this kind within the link window of the week. */
    public boolean reported(String kind) {
        return contextReferences.containsKey(kind);
    }

    /** A context event of this kind names this reference (within the link window of the week). */
    public boolean reported(String kind, long referenceKey) {
        Set<Long> references = contextReferences.get(kind);
        return references != null && references.contains(referenceKey);
    }

    /** Growable columns the loader appends to; WeekActivity adopts the arrays without copying. */
    static final class Columns {
        int size;
        long[] rowIds = new long[1024];
        long[] times = new long[1024];
        int[] personIds = new int[1024];
        String[] teams = new String[1024];
        String[] agents = new String[1024];
        Trigger[] triggers = new Trigger[1024];
        long[] tokens = new long[1024];
        long[] sessionKeys = new long[1024];
        long[] taskKeys = new long[1024];
        long[] traceKeys = new long[1024];
        long[] referenceKeys = new long[1024];
        String[] artifactKinds = new String[1024];
        String[] artifactRefs = new String[1024];
        long[] fingerprints = new long[1024];
        final BitSet hasFingerprint = new BitSet();
        final BitSet countOnly = new BitSet();

        /** Room for one more row; returns its index. */
        int add() {
            if (size == rowIds.length) {
                int capacity = size * 2;
                rowIds = Arrays.copyOf(rowIds, capacity);
                times = Arrays.copyOf(times, capacity);
                personIds = Arrays.copyOf(personIds, capacity);
                teams = Arrays.copyOf(teams, capacity);
                agents = Arrays.copyOf(agents, capacity);
                triggers = Arrays.copyOf(triggers, capacity);
                tokens = Arrays.copyOf(tokens, capacity);
                sessionKeys = Arrays.copyOf(sessionKeys, capacity);
                taskKeys = Arrays.copyOf(taskKeys, capacity);
                traceKeys = Arrays.copyOf(traceKeys, capacity);
                referenceKeys = Arrays.copyOf(referenceKeys, capacity);
                artifactKinds = Arrays.copyOf(artifactKinds, capacity);
                artifactRefs = Arrays.copyOf(artifactRefs, capacity);
                fingerprints = Arrays.copyOf(fingerprints, capacity);
            }
            return size++;
        }
    }
}
