package dev.goodhart.scoring.simulation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;

import dev.goodhart.common.security.Roles;

import dev.goodhart.scoring.feed.FeedPage;
import dev.goodhart.scoring.support.FeedRecords;
import dev.goodhart.scoring.support.TestPipeline;
import dev.goodhart.scoring.week.IsoWeeks;
import dev.goodhart.simulator.Archetype;
import dev.goodhart.simulator.Behaviour;
import dev.goodhart.simulator.FeedFormat;
import dev.goodhart.simulator.FeedStream;
import dev.goodhart.simulator.Member;
import dev.goodhart.simulator.OrgSpec;
import dev.goodhart.simulator.Organisation;
import dev.goodhart.simulator.SimEvent;

/**
 * The detectors against ground truth: a simulated organisation (honest light and power users, honest automation, people
 * who work without AI, and five tokenmaxxers of every kind) is rendered as contract-shaped feed pages (its directory
 * first), parsed like the REST client parses them, applied and scored by the real pipeline; then every detector must
 * reach precision 0.9 and recall 0.8, and no honest power user may carry any flag. Team scorecards count the
 * directory's members, including those who did not use AI that week.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedOrganisationTest {

    private static final double MIN_PRECISION = 0.9;
    private static final double MIN_RECALL = 0.8;
    private static final int PAGE = 5_000;

    @Inject
    TestPipeline pipeline;

    @Inject
    ObjectMapper json;

    @Inject
    DataSource dataSource;

    private Organisation organisation;
    /** Flags found, as detector -> subjects (person e-mails or agent ids). */
    private final Map<String, Set<String>> flagged = new HashMap<>();

    @BeforeAll
    void simulateAndScore() throws Exception {
        Map<Archetype, Integer> counts = new EnumMap<>(Archetype.class);
        for (Archetype archetype : Archetype.values()) {
            counts.put(archetype, archetype.honest() ? 0 : 5);
        }
        counts.put(Archetype.HONEST_LIGHT, 20);
        counts.put(Archetype.HONEST_POWER, 12);
        counts.put(Archetype.HONEST_AUTOMATION, 5);
        counts.put(Archetype.NO_AI, 8);
        // Years no other test uses, so the flags read below are this organisation's only.
        LocalDate start = LocalDate.of(2031, 3, 3).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        organisation = Organisation.generate(new OrgSpec(counts, 4, start, 7, 8));

        FeedStream feed = new FeedStream(organisation, new FeedFormat("test-only-pseudonymisation-key-0123456789"));
        // Received as a backfill eight days after the last simulated day: every week is settled.
        long receivedAt = organisation.end().plusSeconds(8 * 86_400).toEpochMilli();
        long offset = 0;
        while (true) {
            FeedPage page = json.readValue(feed.page(offset, PAGE, receivedAt), FeedPage.class);
            pipeline.apply(page);
            offset = FeedStream.offset(page.next());
            if (!page.hasMore()) {
                break;
            }
        }
        pipeline.score();

        Map<String, String> emailByKey = new HashMap<>();
        organisation.members().forEach(member -> emailByKey.put(FeedRecords.key(member.email()), member.email()));
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select f.detector, p.person_key, f.agent from flag f left join person p on p.id = f.person_id"
                        + " where f.week >= ? and f.week < ?")) {
            select.setObject(1, start);
            select.setObject(2, organisation.spec().end());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String subject = rows.getString(3) != null ? rows.getString(3) : emailByKey.get(rows.getString(2));
                    flagged.computeIfAbsent(rows.getString(1), detector -> new HashSet<>()).add(subject);
                }
            }
        }
    }

    @Test
    void everyDetectorIsPreciseAndFindsMostTokenmaxxers() {
        Map<String, Set<Behaviour>> truth = new HashMap<>(organisation.personTruth());
        truth.putAll(organisation.agentTruth());
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder("detector                  flagged  true+  actual  precision  recall\n");
        for (Behaviour behaviour : Behaviour.values()) {
            Set<String> actual = new HashSet<>();
            truth.forEach((subject, behaviours) -> {
                if (behaviours.contains(behaviour)) {
                    actual.add(subject);
                }
            });
            Set<String> predicted = flagged.getOrDefault(behaviour.detector(), Set.of());
            long truePositives = predicted.stream().filter(actual::contains).count();
            double precision = predicted.isEmpty() ? 0 : (double) truePositives / predicted.size();
            double recall = actual.isEmpty() ? 1 : (double) truePositives / actual.size();
            report.append(String.format("%-25s %7d %6d %7d %10.2f %7.2f%n", behaviour.detector(), predicted.size(),
                    truePositives, actual.size(), precision, recall));
            if (precision < MIN_PRECISION || recall < MIN_RECALL) {
                Set<String> falsePositives = new HashSet<>(predicted);
                falsePositives.removeAll(actual);
                Set<String> missed = new HashSet<>(actual);
                missed.removeAll(predicted);
                failures.add(behaviour.detector() + ": false positives " + falsePositives + ", missed " + missed);
            }
        }
        System.out.println(report);
        assertTrue(failures.isEmpty(), report + String.join("\n", failures));
    }

    @Test
    @TestSecurity(user = "hana", roles = Roles.ANALYST)
    void teamsCountTheirDirectoryMembersIncludingThoseWhoDidNotUseAi() {
        Map<String, Integer> members = new TreeMap<>();
        organisation.members().forEach(member -> member.teams().forEach(team -> members.merge(team, 1, Integer::sum)));
        // Events name the member's primary team; an AI user of a team-week is anyone with a usage event naming it.
        Map<String, Set<String>> aiUsers = new HashMap<>();
        for (SimEvent event : organisation.events()) {
            if (event instanceof SimEvent.Usage usage) {
                aiUsers.computeIfAbsent(usage.team() + "|" + IsoWeeks.monday(Instant.ofEpochMilli(usage.occurredAt())),
                        key -> new HashSet<>()).add(usage.person());
            }
        }
        LocalDate lastWeek = organisation.spec().end().minusWeeks(1);
        int teamWeeksBelowFullAdoption = 0;
        for (Map.Entry<String, Integer> team : members.entrySet()) {
            JsonPath scorecard = given().get("/v1/teams/" + team.getKey() + "/scorecard?weeks=" + organisation.spec().weeks()
                    + "&until=" + IsoWeeks.name(lastWeek)).then().statusCode(200).extract().jsonPath();
            for (int week = 0; week < organisation.spec().weeks(); week++) {
                LocalDate monday = organisation.spec().start().plusWeeks(week);
                String at = team.getKey() + " " + monday;
                int expectedAiUsers = aiUsers.getOrDefault(team.getKey() + "|" + monday, Set.of()).size();
                assertEquals(team.getValue(), scorecard.getInt("weeks[" + week + "].people"), at);
                assertEquals("directory", scorecard.getString("weeks[" + week + "].peopleSource"), at);
                assertEquals(expectedAiUsers, scorecard.getInt("weeks[" + week + "].aiUsers"), at);
                if (expectedAiUsers < team.getValue()) {
                    teamWeeksBelowFullAdoption++;
                    assertTrue(scorecard.getDouble("weeks[" + week + "].rawAdoption") < 1.0, at);
                }
            }
        }
        assertTrue(teamWeeksBelowFullAdoption > 0, "people without AI use count as team members");
    }

    @Test
    void honestPowerUsersAreNeverFlagged() {
        Set<String> powerUsers = new HashSet<>();
        for (Member member : organisation.members()) {
            if (member.archetype() == Archetype.HONEST_POWER) {
                powerUsers.add(member.email());
            }
        }
        Map<String, Set<String>> flagsOfPowerUsers = new HashMap<>();
        flagged.forEach((detector, subjects) -> subjects.stream().filter(powerUsers::contains)
                .forEach(user -> flagsOfPowerUsers.computeIfAbsent(user, u -> new HashSet<>()).add(detector)));
        assertEquals(12, powerUsers.size());
        assertEquals(Map.of(), flagsOfPowerUsers);
    }
}
