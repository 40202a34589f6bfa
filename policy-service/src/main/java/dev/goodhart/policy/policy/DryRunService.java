package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.goodhart.policy.audit.AuditRecord;
import dev.goodhart.policy.audit.CanonicalJson;
import dev.goodhart.policy.cedar.CedarAuthorizer;
import dev.goodhart.policy.cedar.CedarRequest;
import dev.goodhart.policy.cedar.CedarTranslator;
import dev.goodhart.policy.cedar.CompiledPolicies;
import dev.goodhart.policy.cedar.DecisionInput;
import dev.goodhart.policy.cedar.InvalidDecisionInputException;
import dev.goodhart.policy.cedar.LoadedPolicies;
import dev.goodhart.policy.cedar.PolicyCompiler;
import dev.goodhart.policy.cedar.PolicySetCache;
import dev.goodhart.policy.cedar.Verdict;

/**
 * What-if: replays recorded requests (exactly what Cedar saw, from the audit log) against a candidate policy set and
 * reports which policy verdicts would change. The kill switch, approvals and budgets are not replayed.
 */
@ApplicationScoped
public class DryRunService {

    static final int EXAMPLES_PER_TRANSITION = 20;
    private static final int READ_PAGE = 2_000;

    private final PolicyCompiler compiler;
    private final PolicySetCache cache;
    private final CedarTranslator translator;
    private final CedarAuthorizer authorizer;

    public DryRunService(PolicyCompiler compiler, PolicySetCache cache, CedarTranslator translator, CedarAuthorizer authorizer) {
        this.compiler = compiler;
        this.cache = cache;
        this.translator = translator;
        this.authorizer = authorizer;
    }

    private record Recorded(long seq, UUID decisionId, Instant recordedAt, String agent, String onBehalfOf, String action,
            String resourceType, String resourceId, String verdict, List<String> policies, String request) {
    }

    public DryRunReport dryRun(String source, int records) {
        CompiledPolicies compiled = compiler.compile(PolicyService.requireText(source));
        List<Recorded> recorded = newest(records);
        Map<String, Long> transitions = new LinkedHashMap<>();
        Map<String, Integer> examplesPerTransition = new LinkedHashMap<>();
        List<VerdictChange> examples = new ArrayList<>();
        int changed = 0;
        int skipped = 0;
        try (LoadedPolicies candidate = cache.load(compiled, 0)) {
            for (Recorded record : recorded) {
                CedarRequest request;
                try {
                    request = translator.translate(CanonicalJson.mapper().readValue(record.request(), DecisionInput.class));
                } catch (InvalidDecisionInputException | JsonProcessingException e) {
                    skipped++;
                    continue;
                }
                Verdict after = authorizer.evaluate(candidate, request);
                if (after.outcome().equals(record.verdict())) {
                    continue;
                }
                changed++;
                VerdictChange change = new VerdictChange(record.decisionId(), record.recordedAt(), record.agent(),
                        record.onBehalfOf(), record.action(), record.resourceType() + "::\"" + record.resourceId() + "\"",
                        new VerdictChange.Side(record.verdict(), record.policies(), List.of()),
                        new VerdictChange.Side(after.outcome(), after.policies(), after.reasons()));
                transitions.merge(change.transition(), 1L, Long::sum);
                if (examplesPerTransition.merge(change.transition(), 1, Integer::sum) <= EXAMPLES_PER_TRANSITION) {
                    examples.add(change);
                }
            }
        }
        return new DryRunReport(recorded.size() - skipped, changed, skipped, transitions, examples, PolicySummary.of(compiled));
    }

    /** The most recent recorded decisions, newest first, read in short transactions. */
    private static List<Recorded> newest(int limit) {
        List<Recorded> result = new ArrayList<>(Math.min(limit, 16_384));
        long before = Long.MAX_VALUE;
        while (result.size() < limit) {
            long upperBound = before;
            int page = Math.min(READ_PAGE, limit - result.size());
            List<Recorded> batch = QuarkusTransaction.requiringNew().call(() -> AuditRecord.<AuditRecord> find(
                    "seq < ?1 order by seq desc", upperBound).page(0, page).list().stream()
                    .map(r -> new Recorded(r.seq, r.decisionId, r.recordedAt, r.agent, r.onBehalfOf, r.action, r.resourceType,
                            r.resourceId, r.verdict, Arrays.asList(r.policies), r.request))
                    .toList());
            if (batch.isEmpty()) {
                break;
            }
            result.addAll(batch);
            before = batch.get(batch.size() - 1).seq();
        }
        return result;
    }
}
