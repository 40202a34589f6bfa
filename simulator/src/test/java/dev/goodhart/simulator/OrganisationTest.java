package dev.goodhart.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OrganisationTest {

    private static final LocalDate MONDAY = LocalDate.of(2030, 6, 3);

    @Test
    void theSameSeedGivesTheSameOrganisation() {
        List<SimEvent> first = events(Organisation.generate(OrgSpec.mixed(60, 2, MONDAY, 7, 10)));
        List<SimEvent> again = events(Organisation.generate(OrgSpec.mixed(60, 2, MONDAY, 7, 10)));
        List<SimEvent> other = events(Organisation.generate(OrgSpec.mixed(60, 2, MONDAY, 8, 10)));
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void theMixHasEveryKindOfTokenmaxxerAndTheDevelopmentUsersFirst() {
        Organisation organisation = Organisation.generate(OrgSpec.mixed(100, 1, MONDAY, 1, 10));
        Set<Archetype> archetypes = EnumSet.noneOf(Archetype.class);
        organisation.members().forEach(member -> archetypes.add(member.archetype()));
        assertEquals(EnumSet.allOf(Archetype.class), archetypes);
        assertEquals(100, organisation.members().size());
        assertEquals(Organisation.ALICE, organisation.members().get(0).email());
        assertEquals(Archetype.HONEST_POWER, organisation.members().get(0).archetype());
        assertEquals(Organisation.BOB, organisation.members().get(1).email());
        assertEquals(Archetype.NEAR_DUPLICATE, organisation.members().get(1).archetype());
        assertEquals(EnumSet.of(Behaviour.NEAR_DUPLICATE_PROMPTS, Behaviour.ORPHAN_OUTPUT),
                organisation.personTruth().get(Organisation.BOB));
    }

    @Test
    void agentsBelongToTheirArchetypesAndCarryTheirLabels() {
        Organisation organisation = Organisation.generate(OrgSpec.mixed(100, 1, MONDAY, 1, 10));
        for (Member member : organisation.members()) {
            assertEquals(member.archetype().agentPurpose() != null, member.agentId() != null, member.toString());
            if (member.agentId() != null) {
                assertTrue(member.agentId().startsWith(member.team() + "-" + member.archetype().agentPurpose()));
                assertEquals(member.archetype().agentBehaviours(), organisation.agentTruth().get(member.agentId()));
            }
        }
    }

    @Test
    void everyEventIdIsUniqueAndEveryEventFallsInItsDayOrLater() {
        Organisation organisation = Organisation.generate(OrgSpec.mixed(40, 2, MONDAY, 3, 10));
        Set<String> ids = new HashSet<>();
        long start = organisation.start().toEpochMilli();
        for (int day = 0; day < 14; day++) {
            for (SimEvent event : organisation.day(day)) {
                assertTrue(ids.add(event.id()), "duplicate id " + event.id());
                assertTrue(event.occurredAt() >= start + day * 86_400_000L, event.toString());
            }
        }
    }

    @Test
    void everyoneButTheHeadReportsToTheirTeamLeadAndLeadsToTheHead() {
        Organisation organisation = Organisation.generate(OrgSpec.mixed(35, 1, MONDAY, 1, 10));
        List<Member> members = organisation.members();
        assertEquals(null, members.get(0).manager());
        for (Member member : members.subList(1, members.size())) {
            Member lead = members.get(member.index() / 10 * 10);
            String expected = lead == member ? Organisation.ALICE : lead.email();
            assertEquals(expected, member.manager(), member.toString());
            assertEquals(member.team(), member.teams().get(0), "the primary team comes first");
        }
    }

    @Test
    void somePeopleDoNotUseAiInAWeek() {
        Organisation organisation = Organisation.generate(OrgSpec.mixed(200, 4, MONDAY, 11, 10));
        Map<String, Set<Integer>> weeksWithAi = new HashMap<>();
        Set<String> withOutcomes = new HashSet<>();
        long start = organisation.start().toEpochMilli();
        for (SimEvent event : organisation.events()) {
            if (event instanceof SimEvent.Usage) {
                weeksWithAi.computeIfAbsent(event.person(), person -> new HashSet<>())
                        .add((int) ((event.occurredAt() - start) / (7 * 86_400_000L)));
            } else {
                withOutcomes.add(event.person());
            }
        }
        int lightUsersAway = 0;
        for (Member member : organisation.members()) {
            Set<Integer> weeks = weeksWithAi.getOrDefault(member.email(), Set.of());
            if (member.archetype() == Archetype.NO_AI) {
                assertEquals(Set.of(), weeks, member.email());
                assertTrue(withOutcomes.contains(member.email()), "people without AI still deliver: " + member.email());
            } else if (member.archetype() == Archetype.HONEST_LIGHT && weeks.size() < 4) {
                lightUsersAway++;
            }
        }
        assertEquals(20, organisation.members().stream().filter(member -> member.archetype() == Archetype.NO_AI).count());
        assertTrue(lightUsersAway > 0, "light users are away now and then");
    }

    @Test
    void onlyMondaysStartASimulation() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> OrgSpec.mixed(10, 1, MONDAY.plusDays(1), 1, 5));
        assertTrue(refused.getMessage().contains("Monday"), refused.getMessage());
    }

    private static List<SimEvent> events(Organisation organisation) {
        List<SimEvent> events = new ArrayList<>();
        organisation.events().forEach(events::add);
        return events;
    }
}
