package dev.goodhart.scoring.score;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.goodhart.scoring.feed.LinkKeys;

/**
 * Builds a {@link WeekActivity} in memory for detector unit tests: usage events by person and time, which of them are
 * linked or reviewed, and which context events exist.
 */
public final class WeekFixture {

    public static final Instant MONDAY = Instant.parse("2030-06-03T00:00:00Z");

    private final WeekActivity.Columns columns = new WeekActivity.Columns();
    private final Set<Integer> linked = new HashSet<>();
    private final Set<Integer> reviewed = new HashSet<>();
    private final Map<String, Set<Long>> context = new HashMap<>();

    /** Adds a usage event and returns its index; tokens default to 1,200 and the trigger to human. */
    public Event usage(int personId, Instant at) {
        int index = columns.add();
        columns.rowIds[index] = 1_000 + index;
        columns.times[index] = at.toEpochMilli();
        columns.personIds[index] = personId;
        columns.teams[index] = "team";
        columns.triggers[index] = WeekActivity.Trigger.HUMAN;
        columns.tokens[index] = 1_200;
        return new Event(index);
    }

    /** Adds {@code count} events of one person, {@code gap} apart, from {@code start}; returns their indices. */
    public List<Event> series(int personId, Instant start, Duration gap, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(usage(personId, start.plus(gap.multipliedBy(i))));
        }
        return events;
    }

    public WeekFixture context(String kind, String ref) {
        context.computeIfAbsent(kind, k -> new HashSet<>()).add(LinkKeys.reference(ref));
        return this;
    }

    public WeekActivity build() {
        Instant to = MONDAY.plus(Duration.ofDays(7));
        WeekActivity week = new WeekActivity(LocalDate.ofInstant(MONDAY, ZoneOffset.UTC), MONDAY, to,
                Duration.ofDays(7).toMillis(), columns, context);
        linked.forEach(week::markLinked);
        reviewed.forEach(week::markReviewed);
        return week;
    }

    /** One event under construction. */
    public final class Event {
        private final int index;

        private Event(int index) {
            this.index = index;
        }

        public int index() {
            return index;
        }

        public Event tokens(long tokens) {
            columns.tokens[index] = tokens;
            return this;
        }

        public Event trigger(WeekActivity.Trigger trigger) {
            columns.triggers[index] = trigger;
            return this;
        }

        public Event agent(String agent) {
            columns.agents[index] = agent;
            return this;
        }

        public Event session(String session) {
            columns.sessionKeys[index] = LinkKeys.session(session);
            return this;
        }

        public Event fingerprint(long fingerprint) {
            columns.fingerprints[index] = fingerprint;
            columns.hasFingerprint.set(index);
            return this;
        }

        public Event artifact(String kind, String ref) {
            columns.artifactKinds[index] = kind;
            columns.artifactRefs[index] = ref;
            columns.referenceKeys[index] = LinkKeys.reference(ref);
            return this;
        }

        public Event linked() {
            linked.add(index);
            return this;
        }

        public Event reviewed() {
            reviewed.add(index);
            return this;
        }
    }
}
