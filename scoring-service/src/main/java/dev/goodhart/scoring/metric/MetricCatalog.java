package dev.goodhart.scoring.metric;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The metrics scorecards report, with the definitions users read before trusting a number. docs/metrics.md holds the
 * same table; MetricCatalogTest keeps the two identical.
 */
@ApplicationScoped
public class MetricCatalog {

    private static final List<MetricDefinition> DEFINITIONS = List.of(
            new MetricDefinition("people", "count", "People in the group this week: its active directory members plus"
                    + " anyone else whose events name the group; without a directory, the people seen in its events"),
            new MetricDefinition("aiUsers", "count", "People with at least one AI usage event in the week, count-only"
                    + " samples (AI use a tool reported without token counts) included"),
            new MetricDefinition("rawAdoption", "share", "aiUsers divided by people"),
            new MetricDefinition("meaningfulUsers", "count", "People with at least one usage event (count-only samples"
                    + " included) linked to an outcome, an accepted output or an approved pull request"),
            new MetricDefinition("meaningfulAdoption", "share", "meaningfulUsers divided by people"),
            new MetricDefinition("tokens", "count",
                    "Uncached input, cache read, cache write, output and reasoning tokens of the week's usage; count-only"
                            + " samples add none"),
            new MetricDefinition("costUsd", "USD", "Sum of the reported cost of the week's usage; count-only samples add none"),
            new MetricDefinition("outcomes", "count", "Merged pull requests, resolved tickets, published documents and"
                    + " accepted outputs in the week; an outcome with attributes.count = n counts n times"),
            new MetricDefinition("linkedOutcomes", "count", "Those outcomes that AI usage links to"),
            new MetricDefinition("tokensPerOutcome", "ratio", "tokens divided by the linked outcomes that a call (a usage"
                    + " event with token counts) links to; absent when there are none"),
            new MetricDefinition("costPerOutcome", "USD", "costUsd divided by the linked outcomes that a call links to;"
                    + " absent when there are none"),
            new MetricDefinition("acceptanceRate", "share", "Accepted outputs divided by accepted plus rejected outputs,"
                    + " each counted attributes.count times"),
            new MetricDefinition("busyworkShare", "share",
                    "Tokens of usage covered by a flag divided by tokens; shown once the week is settled"),
            new MetricDefinition("goodhartIndex", "ratio", "Token growth divided by outcome growth, comparing this and the"
                    + " previous week with the two weeks before; above 1 means usage grows faster than outcomes"),
            new MetricDefinition("flaggedPeople", "count",
                    "People with at least one flag about their own activity in the week; never who"),
            new MetricDefinition("flaggedShare", "share", "flaggedPeople divided by aiUsers"),
            new MetricDefinition("flaggedAgents", "count", "Agents with at least one flag in the week"));

    public List<MetricDefinition> definitions() {
        return DEFINITIONS;
    }
}
