package dev.goodhart.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic organisation built from an {@link OrgSpec}: its members, their agents and the ground truth of who
 * tokenmaxxes how. Its activity is generated day by day, deterministically from the seed, so that ten million events
 * never have to sit in memory at once.
 */
public final class Organisation {

    /** The first two members are the development realm's users, so that their own views show simulated data. */
    public static final String ALICE = "alice@example.com";
    public static final String BOB = "bob@example.com";

    private static final List<String> TEAM_NAMES = List.of("payments", "platform", "search", "mobile", "data", "growth",
            "infra", "support", "identity", "checkout", "billing", "risk", "design", "security", "analytics", "web");

    private final OrgSpec spec;
    private final List<Member> members;
    private final ActivityGenerator generator;

    private Organisation(OrgSpec spec, List<Member> members) {
        this.spec = spec;
        this.members = List.copyOf(members);
        this.generator = new ActivityGenerator(spec, this.members);
    }

    public static Organisation generate(OrgSpec spec) {
        List<Archetype> archetypes = new ArrayList<>();
        spec.counts().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> archetypes.addAll(Collections.nCopies(entry.getValue(), entry.getKey())));
        Random random = new Random(spec.seed());
        Collections.shuffle(archetypes, random);
        moveToFront(archetypes, 1, Archetype.NEAR_DUPLICATE);
        moveToFront(archetypes, 0, Archetype.HONEST_POWER);

        int teamCount = (archetypes.size() + spec.teamSize() - 1) / spec.teamSize();
        List<Member> members = new ArrayList<>(archetypes.size());
        List<String> emails = new ArrayList<>(archetypes.size());
        for (int i = 0; i < archetypes.size(); i++) {
            emails.add(switch (i) {
                case 0 -> ALICE;
                case 1 -> BOB;
                default -> String.format("person-%05d@example.com", i);
            });
        }
        Map<String, Integer> agentsPerTeam = new HashMap<>();
        for (int i = 0; i < archetypes.size(); i++) {
            Archetype archetype = archetypes.get(i);
            String team = teamName(i / spec.teamSize());
            List<String> teams = i % 10 == 9 && teamCount > 1
                    ? List.of(team, teamName((i / spec.teamSize() + 1) % teamCount))
                    : List.of(team);
            String email = emails.get(i);
            // Each team's first member leads it and reports to the head of the organisation (the first member).
            int lead = i / spec.teamSize() * spec.teamSize();
            String manager = i == 0 ? null : emails.get(i == lead ? 0 : lead);
            String agent = null;
            if (archetype.agentPurpose() != null) {
                int n = agentsPerTeam.merge(team + archetype.agentPurpose(), 1, Integer::sum);
                agent = team + "-" + archetype.agentPurpose() + "-" + n;
            }
            int workStart = 7 * 60 + random.nextInt(3 * 60);
            members.add(new Member(i, email, team, teams, manager, archetype, agent, workStart));
        }
        return new Organisation(spec, members);
    }

    public OrgSpec spec() {
        return spec;
    }

    public List<Member> members() {
        return members;
    }

    public Instant start() {
        return spec.start().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant end() {
        return spec.end().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Behaviours each person (by e-mail) really shows; honest people map to an empty set. */
    public Map<String, Set<Behaviour>> personTruth() {
        Map<String, Set<Behaviour>> truth = new HashMap<>();
        members.forEach(member -> truth.put(member.email(), copy(member.archetype().personBehaviours())));
        return truth;
    }

    /** Behaviours each agent (by id) really shows; honest agents map to an empty set. */
    public Map<String, Set<Behaviour>> agentTruth() {
        Map<String, Set<Behaviour>> truth = new HashMap<>();
        members.stream().filter(member -> member.agentId() != null)
                .forEach(member -> truth.put(member.agentId(), copy(member.archetype().agentBehaviours())));
        return truth;
    }

    /** Everything that happens on one simulated day (0 = the start Monday), member by member. */
    public List<SimEvent> day(int day) {
        List<SimEvent> events = new ArrayList<>();
        for (Member member : members) {
            generator.day(member, day, events);
        }
        return events;
    }

    /** Every event of the organisation, day by day. */
    public Iterable<SimEvent> events() {
        return () -> new DayByDayIterator(this);
    }

    private static Set<Behaviour> copy(Set<Behaviour> behaviours) {
        return behaviours.isEmpty() ? EnumSet.noneOf(Behaviour.class) : EnumSet.copyOf(behaviours);
    }

    private static void moveToFront(List<Archetype> archetypes, int position, Archetype wanted) {
        int found = archetypes.subList(position, archetypes.size()).indexOf(wanted);
        if (found >= 0) {
            Collections.swap(archetypes, position, position + found);
        }
    }

    private static String teamName(int index) {
        return index < TEAM_NAMES.size() ? TEAM_NAMES.get(index) : String.format("team-%03d", index);
    }

    private static final class DayByDayIterator implements java.util.Iterator<SimEvent> {
        private final Organisation organisation;
        private int day = -1;
        private List<SimEvent> current = List.of();
        private int next;

        DayByDayIterator(Organisation organisation) {
            this.organisation = organisation;
        }

        @Override
        public boolean hasNext() {
            while (next >= current.size()) {
                if (day + 1 >= organisation.spec.days()) {
                    return false;
                }
                current = organisation.day(++day);
                next = 0;
            }
            return true;
        }

        @Override
        public SimEvent next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return current.get(next++);
        }
    }
}
