package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.policy.cedar.CompiledPolicies;
import dev.goodhart.policy.cedar.InvalidPolicySetException;
import dev.goodhart.policy.cedar.PolicyCompiler;

/** Shadow mode: a candidate set evaluated on every decision beside the active one, its disagreements recorded. */
@ApplicationScoped
@Transactional
public class ShadowService {

    private final PolicyCompiler compiler;

    public ShadowService(PolicyCompiler compiler) {
        this.compiler = compiler;
    }

    /** Validates the candidate and starts it; a shadow that was running stops. */
    public ShadowView start(String source, String actor) {
        CompiledPolicies compiled = compiler.compile(PolicyService.requireText(source));
        stopRunning();
        PolicyShadow shadow = new PolicyShadow();
        shadow.source = source;
        shadow.createdAt = Instant.now();
        shadow.createdBy = actor;
        shadow.running = true;
        shadow.persist();
        Log.infof("Shadow policy set %d started", shadow.id);
        return view(shadow, compiled);
    }

    public void stop() {
        if (!stopRunning()) {
            throw ProblemException.notFound("No shadow policy set is running");
        }
    }

    public ShadowView running() {
        PolicyShadow shadow = PolicyShadow.findRunning()
                .orElseThrow(() -> ProblemException.notFound("No shadow policy set is running"));
        return view(shadow, compileQuietly(shadow.source));
    }

    /** Disagreements of the given shadow set, or of the running (else the most recent) one. */
    public ShadowDiff diff(Integer shadowId, int limit) {
        PolicyShadow shadow = shadowId != null
                ? PolicyShadow.<PolicyShadow> findByIdOptional(shadowId)
                        .orElseThrow(() -> ProblemException.notFound("No shadow policy set " + shadowId))
                : PolicyShadow.findRunning().or(() -> PolicyShadow.find("order by id desc").firstResultOptional())
                        .orElseThrow(() -> ProblemException.notFound("No shadow policy set has run yet"));
        @SuppressWarnings("unchecked")
        List<Object[]> counts = PolicyShadow.getEntityManager().createNativeQuery(
                "select active_verdict, shadow_verdict, count(*) from shadow_disagreement where shadow_id = ?1"
                        + " group by active_verdict, shadow_verdict order by count(*) desc")
                .setParameter(1, shadow.id).getResultList();
        Map<String, Long> transitions = new LinkedHashMap<>();
        long total = 0;
        for (Object[] row : counts) {
            long count = ((Number) row[2]).longValue();
            transitions.put(row[0] + "→" + row[1], count);
            total += count;
        }
        List<VerdictChange> recent = ShadowDisagreement.<ShadowDisagreement> find("shadowId = ?1 order by id desc", shadow.id)
                .page(0, limit).list().stream()
                .map(d -> new VerdictChange(d.decisionId, d.recordedAt, d.agent, d.onBehalfOf, d.action,
                        d.resourceType + "::\"" + d.resourceId + "\"",
                        new VerdictChange.Side(d.activeVerdict, Arrays.asList(d.activePolicies), List.of()),
                        new VerdictChange.Side(d.shadowVerdict, Arrays.asList(d.shadowPolicies), Arrays.asList(d.shadowReasons))))
                .toList();
        return new ShadowDiff(shadow.id, shadow.running, shadow.compared, total, transitions, recent);
    }

    private static boolean stopRunning() {
        return PolicyShadow.findRunning().map(running -> {
            running.running = false;
            running.stoppedAt = Instant.now();
            PolicyShadow.flush();
            return true;
        }).orElse(false);
    }

    private CompiledPolicies compileQuietly(String source) {
        try {
            return compiler.compile(source);
        } catch (InvalidPolicySetException e) {
            return null;
        }
    }

    private static ShadowView view(PolicyShadow shadow, CompiledPolicies compiled) {
        return new ShadowView(shadow.id, shadow.source, shadow.createdAt, shadow.createdBy, shadow.running, shadow.stoppedAt,
                shadow.compared, compiled == null ? List.of() : PolicySummary.of(compiled));
    }
}
