package dev.goodhart.scoring.me;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.scoring.detect.Flag;
import dev.goodhart.scoring.detect.FlagView;
import dev.goodhart.scoring.person.Person;
import dev.goodhart.scoring.week.IsoWeeks;

/** An employee's own figures and flags, found by their person key; nobody else's are ever read here. */
@ApplicationScoped
@Transactional
public class MeService {

    private static final int DEFAULT_WEEKS = 4;

    private static final String WEEKS = """
            select pw.week, sum(pw.usage_events), sum(pw.tokens), sum(pw.cost_usd), sum(pw.outcomes),
                   sum(pw.linked_outcomes), sum(pw.accepted), sum(pw.rejected),
                   coalesce(sum(s.linked_events), 0), coalesce(sum(s.linked_tokens), 0), coalesce(sum(s.flagged_tokens), 0),
                   coalesce(bool_and(w.settled), false),
                   (select count(*) from flag f where f.person_id = pw.person_id and f.week = pw.week)
            from person_week pw
            left join person_week_score s on s.team = pw.team and s.week = pw.week and s.person_id = pw.person_id
            left join scoring_week w on w.week = pw.week
            where pw.person_id = ? and pw.week between ? and ?
            group by pw.week, pw.person_id""";

    private final DataSource dataSource;
    private final Clock clock;

    public MeService(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public MyScorecard scorecard(String personKey, String until, String weeks) {
        List<LocalDate> mondays = IsoWeeks.range(until, weeks, DEFAULT_WEEKS, clock);
        Optional<Integer> person = Person.byKey(personKey).map(found -> found.id);
        Map<LocalDate, MyWeek> found = person.isPresent() ? weeks(person.get(), mondays) : Map.of();
        List<MyWeek> result = new ArrayList<>();
        for (LocalDate monday : mondays) {
            result.add(found.getOrDefault(monday, new MyWeek(IsoWeeks.name(monday), IsoWeeks.start(monday),
                    IsoWeeks.end(monday), 0, 0, BigDecimal.ZERO.setScale(4), 0, null, 0, 0, null, null, 0, false)));
        }
        return new MyScorecard(result);
    }

    public MyFlags flags(String personKey) {
        return new MyFlags(Person.byKey(personKey)
                .map(person -> Flag.ofPerson(person.id).stream().map(FlagView::of).toList())
                .orElse(List.of()));
    }

    private Map<LocalDate, MyWeek> weeks(int personId, List<LocalDate> mondays) {
        Map<LocalDate, MyWeek> weeks = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(WEEKS)) {
            select.setInt(1, personId);
            select.setObject(2, mondays.get(0));
            select.setObject(3, mondays.get(mondays.size() - 1));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    LocalDate monday = rows.getObject(1, LocalDate.class);
                    long tokens = rows.getLong(3);
                    long accepted = rows.getLong(7);
                    long rejected = rows.getLong(8);
                    boolean settled = rows.getBoolean(12);
                    weeks.put(monday, new MyWeek(IsoWeeks.name(monday), IsoWeeks.start(monday), IsoWeeks.end(monday),
                            rows.getLong(2), tokens, rows.getBigDecimal(4).setScale(4, RoundingMode.HALF_UP),
                            rows.getLong(9), share(rows.getLong(10), tokens), rows.getLong(5), rows.getLong(6),
                            share(accepted, accepted + rejected), settled ? share(rows.getLong(11), tokens) : null,
                            rows.getInt(13), settled));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the caller's weeks", e);
        }
        return weeks;
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf((double) part / whole).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
