package dev.goodhart.scoring.scorecard;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A group's raw weekly totals before privacy rules, as summed from the per-person weekly rows.
 *
 * @param seenOutsideDirectory active people this week who are not directory members of the group
 * @param meaningfulUsers people with at least one usage event linked to a valued result
 * @param outcomePeople people with at least one counted outcome
 * @param reviewingPeople people who accepted or rejected output
 * @param callLinkedOutcomes linked outcomes that a call (usage with token counts) links to: what per-token metrics
 *        divide by
 */
record GroupWeek(LocalDate week, int seenOutsideDirectory, int aiUsers, int meaningfulUsers, int outcomePeople,
        int reviewingPeople, long tokens, BigDecimal costUsd, long outcomes, long linkedOutcomes, long callLinkedOutcomes,
        long accepted, long rejected, long flaggedTokens) {

    static GroupWeek empty(LocalDate week) {
        return new GroupWeek(week, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, 0);
    }
}
