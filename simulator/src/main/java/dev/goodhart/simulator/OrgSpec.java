package dev.goodhart.simulator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * The shape of a simulated organisation: how many people of each archetype, how many weeks from which Monday (UTC),
 * teams of which size, and the seed that makes it reproducible.
 */
public record OrgSpec(Map<Archetype, Integer> counts, int weeks, LocalDate start, long seed, int teamSize) {

    /** The default mix: most people are honest; each kind of tokenmaxxer is a small minority. */
    private static final Map<Archetype, Double> DEFAULT_SHARES = Map.of(
            Archetype.HONEST_POWER, 0.40,
            Archetype.NO_AI, 0.10,
            Archetype.HONEST_AUTOMATION, 0.06,
            Archetype.NEAR_DUPLICATE, 0.03,
            Archetype.ORPHAN, 0.03,
            Archetype.PHANTOM, 0.03,
            Archetype.UNATTENDED, 0.03,
            Archetype.SELF_LOOPING, 0.03,
            Archetype.CUTOFF_SPIKE, 0.03,
            Archetype.MACHINE_CADENCE, 0.03);

    public OrgSpec {
        counts = Map.copyOf(counts);
        if (people(counts) < 2) {
            throw new IllegalArgumentException("an organisation needs at least 2 people");
        }
        if (weeks < 1) {
            throw new IllegalArgumentException("weeks must be at least 1");
        }
        if (start.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("start must be a Monday (ISO weeks), not " + start.getDayOfWeek());
        }
        if (teamSize < 1) {
            throw new IllegalArgumentException("teamSize must be at least 1");
        }
    }

    /** {@code people} people in the default mix; the rest of the shares are honest light users. */
    public static OrgSpec mixed(int people, int weeks, LocalDate start, long seed, int teamSize) {
        Map<Archetype, Integer> counts = new EnumMap<>(Archetype.class);
        int assigned = 0;
        for (Map.Entry<Archetype, Double> share : DEFAULT_SHARES.entrySet()) {
            int count = (int) Math.round(people * share.getValue());
            counts.put(share.getKey(), count);
            assigned += count;
        }
        counts.put(Archetype.HONEST_LIGHT, Math.max(0, people - assigned));
        return new OrgSpec(counts, weeks, start, seed, teamSize);
    }

    public int people() {
        return people(counts);
    }

    public int count(Archetype archetype) {
        return counts.getOrDefault(archetype, 0);
    }

    /** The simulated days, Monday {@code start} included. */
    public int days() {
        return weeks * 7;
    }

    public LocalDate end() {
        return start.plusDays(days());
    }

    private static int people(Map<Archetype, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
