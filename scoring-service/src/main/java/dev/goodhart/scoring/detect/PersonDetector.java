package dev.goodhart.scoring.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.goodhart.scoring.score.WeekActivity;

/** A detector that judges each person's week on its own, raising at most one flag per person. */
public abstract class PersonDetector implements Detector {

    private final String name;

    protected PersonDetector(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<FlagDraft> detect(WeekActivity week) {
        List<FlagDraft> flags = new ArrayList<>();
        for (int slot = 0; slot < week.people(); slot++) {
            FlagDraft flag = judge(week, week.personId(slot), week.events(slot));
            if (flag != null) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** The person's flag for the week, or null; {@code events} are all of theirs in the week, in time order. */
    protected abstract FlagDraft judge(WeekActivity week, int personId, int[] events);

    /** A flag covering {@code covered} over the whole week. */
    protected FlagDraft flag(WeekActivity week, int personId, int[] covered, String summary, Map<String, Object> evidence) {
        return new FlagDraft(name, personId, null, week.from(), week.to(), covered, summary, evidence);
    }

    protected static int[] indices(List<Integer> events) {
        return events.stream().mapToInt(Integer::intValue).toArray();
    }
}
