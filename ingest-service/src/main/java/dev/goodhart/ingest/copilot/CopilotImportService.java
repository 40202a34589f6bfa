package dev.goodhart.ingest.copilot;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.common.problem.FieldError;
import dev.goodhart.ingest.ingest.Batch;
import dev.goodhart.ingest.ingest.Incoming;
import dev.goodhart.ingest.ingest.ItemChecks;
import dev.goodhart.ingest.ingest.WriteMode;
import dev.goodhart.ingest.ingest.WriteResult;
import dev.goodhart.ingest.outcome.OutcomeKind;
import dev.goodhart.ingest.outcome.OutcomeRequest;
import dev.goodhart.ingest.outcome.OutcomeService;
import dev.goodhart.ingest.privacy.Pseudonymiser;
import dev.goodhart.ingest.usage.UsageEventRequest;
import dev.goodhart.ingest.usage.UsageEventService;
import dev.goodhart.ingest.usage.UsageSample;

/**
 * Copilot's user-level report as daily usage samples and acceptance outcomes. The report has no token counts (except
 * for Copilot CLI), so its daily sample is a count-only sample (README, "One token model"): operation
 * {@code copilot_daily_activity}, token counts 0, {@code goodhart.tokens_reported = false} and the report's counts as
 * attributes. Ids derive from the user's person key and the day, so importing a report again counts nothing twice.
 */
@ApplicationScoped
@Transactional
public class CopilotImportService {

    static final String SOURCE = "copilot";
    static final String DAILY_OPERATION = "copilot_daily_activity";
    static final String CLI_OPERATION = "copilot_cli";

    private final UsageEventService usage;
    private final OutcomeService outcomes;
    private final ItemChecks checks;
    private final Pseudonymiser pseudonymiser;

    public CopilotImportService(UsageEventService usage, OutcomeService outcomes, ItemChecks checks,
            Pseudonymiser pseudonymiser) {
        this.usage = usage;
        this.outcomes = outcomes;
        this.checks = checks;
        this.pseudonymiser = pseudonymiser;
    }

    public CopilotImportResult importReport(Batch<CopilotUserDay> report, boolean atomic) {
        List<Incoming<UsageEventRequest>> samples = new ArrayList<>();
        List<Incoming<OutcomeRequest>> accepted = new ArrayList<>();
        for (Incoming<CopilotUserDay> line : report.items()) {
            List<FieldError> errors = new ArrayList<>(line.errors());
            if (errors.isEmpty()) {
                List<FieldError> violations = new ArrayList<>();
                checks.constraints(line.request(), violations);
                violations.forEach(error -> errors.add(new FieldError(reportName(error.field()), error.detail())));
            }
            if (!errors.isEmpty()) {
                samples.add(new Incoming<>(line.index(), line.line(), null, errors));
                continue;
            }
            CopilotUserDay day = line.request();
            String idPrefix = "copilot-" + pseudonymiser.personKey(day.userLogin()).substring(0, 32) + "-" + day.day();
            samples.add(Incoming.bound(line.index(), line.line(), daily(day, idPrefix).toRequest()));
            UsageSample cli = cli(day, idPrefix);
            if (cli != null) {
                samples.add(Incoming.bound(line.index(), line.line(), cli.toRequest()));
            }
            if (day.codeAcceptanceActivityCount() != null && day.codeAcceptanceActivityCount() > 0) {
                accepted.add(Incoming.bound(line.index(), line.line(), acceptance(day, idPrefix)));
            }
        }
        WriteMode mode = WriteMode.of(atomic);
        WriteResult usageResult = usage.ingestCountOnly(new Batch<>(samples, false), SOURCE, mode);
        WriteResult outcomeResult = accepted.isEmpty() ? new WriteResult(0, 0, List.of())
                : outcomes.ingest(new Batch<>(accepted, false), SOURCE, mode);
        return new CopilotImportResult(report.items().size(), usageResult, outcomeResult);
    }

    /** A field as the report names it: {@code totalsByCli.tokenUsage} is {@code totals_by_cli.token_usage}. */
    static String reportName(String field) {
        return field == null ? null : field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static UsageSample daily(CopilotUserDay day, String idPrefix) {
        UsageSample sample = base(day, idPrefix);
        sample.operation = DAILY_OPERATION;
        Map<String, Object> attributes = sample.attributes;
        attributes.put("goodhart.tokens_reported", false);
        put(attributes, "copilot.user_initiated_interaction_count", day.userInitiatedInteractionCount());
        put(attributes, "copilot.code_generation_activity_count", day.codeGenerationActivityCount());
        put(attributes, "copilot.code_acceptance_activity_count", day.codeAcceptanceActivityCount());
        put(attributes, "copilot.loc_suggested_to_add_sum", day.locSuggestedToAddSum());
        put(attributes, "copilot.loc_suggested_to_delete_sum", day.locSuggestedToDeleteSum());
        put(attributes, "copilot.loc_added_sum", day.locAddedSum());
        put(attributes, "copilot.loc_deleted_sum", day.locDeletedSum());
        put(attributes, "copilot.used_agent", day.usedAgent());
        put(attributes, "copilot.used_chat", day.usedChat());
        put(attributes, "copilot.used_cli", day.usedCli());
        put(attributes, "copilot.ai_credits_used", day.aiCreditsUsed());
        names(attributes, "copilot.ides", day.totalsByIde(), CopilotUserDay.Breakdown::ide);
        names(attributes, "copilot.features", concat(day.totalsByFeature(), day.totalsByLanguageFeature(),
                day.totalsByModelFeature()), CopilotUserDay.Breakdown::feature);
        names(attributes, "copilot.languages", concat(day.totalsByLanguageFeature(), day.totalsByLanguageModel()),
                CopilotUserDay.Breakdown::language);
        names(attributes, "copilot.models", concat(day.totalsByModelFeature(), day.totalsByLanguageModel()),
                CopilotUserDay.Breakdown::model);
        return sample;
    }

    /** Copilot CLI reports prompt and output tokens; its prompt tokens are not split into cached and not. */
    private static UsageSample cli(CopilotUserDay day, String idPrefix) {
        CopilotUserDay.CliTotals totals = day.totalsByCli();
        if (totals == null || totals.tokenUsage() == null
                || (totals.tokenUsage().promptTokensSum() == null && totals.tokenUsage().outputTokensSum() == null)) {
            return null;
        }
        UsageSample sample = base(day, idPrefix + "-cli");
        sample.operation = CLI_OPERATION;
        sample.inputTokens = totals.tokenUsage().promptTokensSum();
        sample.outputTokens = totals.tokenUsage().outputTokensSum();
        sample.attributes.put("goodhart.cache_not_separated", true);
        put(sample.attributes, "copilot.cli.session_count", totals.sessionCount());
        put(sample.attributes, "copilot.cli.request_count", totals.requestCount());
        put(sample.attributes, "copilot.cli.prompt_count", totals.promptCount());
        return sample;
    }

    private static UsageSample base(CopilotUserDay day, String id) {
        UsageSample sample = new UsageSample();
        sample.id = id;
        sample.occurredAt = day.day().atStartOfDay().toInstant(ZoneOffset.UTC);
        sample.person = day.userLogin();
        sample.provider = "github";
        return sample;
    }

    /** The day's accepted suggestions as one outcome; {@code attributes.count} says how many (docs/contracts.md). */
    private static OutcomeRequest acceptance(CopilotUserDay day, String idPrefix) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("count", day.codeAcceptanceActivityCount());
        put(attributes, "copilot.loc_added_sum", day.locAddedSum());
        return new OutcomeRequest(idPrefix + "-accepted", day.day().atStartOfDay().toInstant(ZoneOffset.UTC),
                day.userLogin(), null, OutcomeKind.OUTPUT_ACCEPTED, null, null, null, null, attributes);
    }

    private static void put(Map<String, Object> attributes, String key, Object value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }

    @SafeVarargs
    private static List<CopilotUserDay.Breakdown> concat(List<CopilotUserDay.Breakdown>... lists) {
        List<CopilotUserDay.Breakdown> all = new ArrayList<>();
        for (List<CopilotUserDay.Breakdown> list : lists) {
            if (list != null) {
                all.addAll(list);
            }
        }
        return all;
    }

    private static void names(Map<String, Object> attributes, String key, List<CopilotUserDay.Breakdown> breakdown,
            Function<CopilotUserDay.Breakdown, String> name) {
        if (breakdown == null) {
            return;
        }
        List<String> names = breakdown.stream().map(name).filter(Objects::nonNull).distinct().sorted().toList();
        if (!names.isEmpty()) {
            attributes.put(key, names);
        }
    }
}
