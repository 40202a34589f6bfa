package dev.goodhart.scoring.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import dev.goodhart.scoring.score.WeekActivity;

/**
 * Whose automation a flag is about: a named agent (events carrying its id), or a person's own unnamed automation
 * (scheduled or agent-triggered events without an agent id). Events are in time order.
 */
record AutomationSubject(String agent, Integer personId, int[] events) {

    /** Every agent, then every person's unnamed automation, restricted to events that pass {@code filter}. */
    static List<AutomationSubject> of(WeekActivity week, IntPredicate filter) {
        List<AutomationSubject> subjects = new ArrayList<>();
        for (Map.Entry<String, int[]> agent : week.agentEvents().entrySet()) {
            int[] events = Arrays.stream(agent.getValue()).filter(filter).toArray();
            if (events.length > 0) {
                subjects.add(new AutomationSubject(agent.getKey(), Activity.mainPerson(week, events), events));
            }
        }
        for (int slot = 0; slot < week.people(); slot++) {
            int[] events = Arrays.stream(week.events(slot)).filter(event -> week.agent(event) == null).filter(filter).toArray();
            if (events.length > 0) {
                subjects.add(new AutomationSubject(null, week.personId(slot), events));
            }
        }
        return subjects;
    }

    String describe() {
        return agent != null ? "agent " + agent : "unnamed automation";
    }
}
