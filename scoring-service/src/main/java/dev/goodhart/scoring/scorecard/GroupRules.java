package dev.goodhart.scoring.scorecard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.goodhart.scoring.week.IsoWeeks;

/**
 * Turns a group's raw weekly totals into metrics under the privacy rules. The group itself must have at least k
 * people, and every metric at least k contributors: tokens and cost need k AI users, outcome counts k people with
 * outcomes, the acceptance rate k people who accepted or rejected output. What is withheld is named, with the reason.
 * docs/metrics.md is the prose version of this class.
 */
final class GroupRules {

    private static final int SHARE_DECIMALS = 4;

    private final int k;
    private final int directoryMembers;

    GroupRules(int k, int directoryMembers) {
        this.k = k;
        this.directoryMembers = directoryMembers;
    }

    /**
     * @param indexWeeks this week and the three before it, oldest first, for the Goodhart index
     * @param flags the week's flags (only shown once the week is settled)
     */
    WeekScorecard week(GroupWeek totals, List<GroupWeek> indexWeeks, boolean settled, ScorecardService.FlagTally flags) {
        String name = IsoWeeks.name(totals.week());
        int people = directoryMembers + totals.seenOutsideDirectory();
        if (people < k) {
            return new WeekScorecard(name, IsoWeeks.start(totals.week()), IsoWeeks.end(totals.week()), true,
                    "fewer than " + k + " people in the group this week", null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, settled, List.of(), null);
        }
        List<WeekScorecard.Suppressed> suppressed = new ArrayList<>();
        boolean usageShown = totals.aiUsers() >= k;
        boolean outcomesShown = totals.outcomePeople() >= k;
        boolean acceptanceShown = totals.reviewingPeople() >= k;
        if (!usageShown) {
            String reason = "fewer than " + k + " people used AI this week";
            for (String metric : List.of("tokens", "costUsd", "tokensPerOutcome", "costPerOutcome", "busyworkShare")) {
                suppressed.add(new WeekScorecard.Suppressed(metric, reason));
            }
        }
        if (!outcomesShown) {
            String reason = "fewer than " + k + " people had outcomes this week";
            suppressed.add(new WeekScorecard.Suppressed("outcomes", reason));
            suppressed.add(new WeekScorecard.Suppressed("linkedOutcomes", reason));
            if (usageShown) {
                suppressed.add(new WeekScorecard.Suppressed("tokensPerOutcome", reason));
                suppressed.add(new WeekScorecard.Suppressed("costPerOutcome", reason));
            }
        }
        if (!acceptanceShown) {
            suppressed.add(new WeekScorecard.Suppressed("acceptanceRate",
                    "fewer than " + k + " people accepted or rejected output this week"));
        }
        if (usageShown && !settled) {
            suppressed.add(new WeekScorecard.Suppressed("busyworkShare",
                    "not settled yet: flags are raised once every usage event of the week had its link window"));
        }
        boolean perOutcomeShown = usageShown && outcomesShown && totals.callLinkedOutcomes() > 0;
        Double goodhartIndex = goodhartIndex(indexWeeks);
        if (goodhartIndex == null && !indexWeeks.stream().allMatch(week -> week.aiUsers() >= k && week.outcomePeople() >= k)) {
            suppressed.add(new WeekScorecard.Suppressed("goodhartIndex",
                    "needs four weeks each with at least " + k + " AI users and " + k + " people with outcomes"));
        }
        return new WeekScorecard(name, IsoWeeks.start(totals.week()), IsoWeeks.end(totals.week()), false, null, people,
                directoryMembers > 0 ? "directory" : "events",
                totals.aiUsers(), share(totals.aiUsers(), people),
                totals.meaningfulUsers(), share(totals.meaningfulUsers(), people),
                usageShown ? totals.tokens() : null,
                usageShown ? ScorecardService.money(totals.costUsd()) : null,
                outcomesShown ? totals.outcomes() : null,
                outcomesShown ? totals.linkedOutcomes() : null,
                perOutcomeShown ? round((double) totals.tokens() / totals.callLinkedOutcomes(), 1) : null,
                perOutcomeShown ? totals.costUsd().divide(BigDecimal.valueOf(totals.callLinkedOutcomes()), 4,
                        RoundingMode.HALF_UP) : null,
                acceptanceShown ? share(totals.accepted(), totals.accepted() + totals.rejected()) : null,
                usageShown && settled ? share(totals.flaggedTokens(), totals.tokens()) : null,
                goodhartIndex, settled, List.copyOf(suppressed),
                settled ? flagSummary(flags, totals.aiUsers()) : null);
    }

    /**
     * (tokens of the last two weeks / tokens of the two before) divided by (outcomes of the last two weeks / outcomes
     * of the two before). Above 1: usage grows faster than what it produces. Null when a half has no tokens or no
     * outcomes, or when any of the four weeks falls below k.
     */
    private Double goodhartIndex(List<GroupWeek> weeks) {
        if (weeks.size() != 4 || !weeks.stream().allMatch(week -> week.aiUsers() >= k && week.outcomePeople() >= k)) {
            return null;
        }
        long earlierTokens = weeks.get(0).tokens() + weeks.get(1).tokens();
        long laterTokens = weeks.get(2).tokens() + weeks.get(3).tokens();
        long earlierOutcomes = weeks.get(0).outcomes() + weeks.get(1).outcomes();
        long laterOutcomes = weeks.get(2).outcomes() + weeks.get(3).outcomes();
        if (earlierTokens == 0 || laterTokens == 0 || earlierOutcomes == 0 || laterOutcomes == 0) {
            return null;
        }
        double usageGrowth = (double) laterTokens / earlierTokens;
        double outcomeGrowth = (double) laterOutcomes / earlierOutcomes;
        return round(usageGrowth / outcomeGrowth, 3);
    }

    private static WeekScorecard.FlagSummary flagSummary(ScorecardService.FlagTally flags, int aiUsers) {
        Map<String, Integer> byDetector = new TreeMap<>(flags.byDetector);
        return new WeekScorecard.FlagSummary(flags.people, aiUsers == 0 ? null : share(flags.people, aiUsers), flags.agents,
                byDetector);
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole, SHARE_DECIMALS);
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
