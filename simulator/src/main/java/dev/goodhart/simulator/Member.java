package dev.goodhart.simulator;

import java.util.List;

/**
 * One simulated person: their e-mail (the identifier sources report), their teams and manager in the directory, how
 * they use AI, and the agent they run, if any.
 *
 * @param team the primary team (events are charged to it)
 * @param manager the manager's e-mail; null for the head of the organisation
 * @param workStartMinute minute of the UTC day at which their working day starts
 */
public record Member(int index, String email, String team, List<String> teams, String manager, Archetype archetype,
        String agentId, int workStartMinute) {

    public Member {
        teams = List.copyOf(teams);
    }
}
