package dev.goodhart.scoring.metric;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** The metrics scorecards report, with the definitions users read before trusting a number. */
@ApplicationScoped
public class MetricCatalog {

    private static final List<MetricDefinition> DEFINITIONS = List.of(
            new MetricDefinition("people", "count", "Distinct people in the team during the week"),
            new MetricDefinition("rawAdoption", "share", "People with at least one AI usage event, divided by people"),
            new MetricDefinition("meaningfulAdoption", "share",
                    "People with at least one AI session linked to an outcome or an accepted output, divided by people"),
            new MetricDefinition("tokens", "count", "Uncached input, cache read, cache write, output and reasoning tokens"),
            new MetricDefinition("costUsd", "USD", "Sum of reported cost"),
            new MetricDefinition("outcomes", "count", "Outcomes (merged PRs, resolved tickets, published documents, accepted outputs)"),
            new MetricDefinition("tokensPerOutcome", "ratio", "tokens divided by outcomes; absent when there are no outcomes"),
            new MetricDefinition("costPerOutcome", "USD", "costUsd divided by outcomes; absent when there are no outcomes"),
            new MetricDefinition("acceptanceRate", "share", "Accepted outputs divided by accepted plus rejected outputs"),
            new MetricDefinition("busyworkShare", "share", "Tokens in flagged activity divided by all tokens"),
            new MetricDefinition("goodhartIndex", "ratio",
                    "Usage growth against outcome growth over the last 4 weeks; above 1 means usage grows faster than value"));

    public List<MetricDefinition> definitions() {
        return DEFINITIONS;
    }
}
