package dev.goodhart.policy.decision;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.goodhart.policy.policy.PolicyService;
import dev.goodhart.policy.policy.PolicySetView;

@ApplicationScoped
@Transactional
public class DecisionService {

    private final PolicyService policies;
    private final CedarEvaluator evaluator;

    public DecisionService(PolicyService policies, CedarEvaluator evaluator) {
        this.policies = policies;
        this.evaluator = evaluator;
    }

    /** Decides and records the decision in the same transaction, so no answer leaves without its record. */
    public DecisionResponse decide(String agent, DecisionRequest request) {
        PolicySetView active = policies.active();
        CedarEvaluator.Verdict verdict = evaluator.evaluate(active, agent, request.onBehalfOf(), request);
        Decision decision = new Decision();
        decision.id = UUID.randomUUID();
        decision.agent = agent;
        decision.onBehalfOf = request.onBehalfOf();
        decision.action = request.action();
        decision.resourceType = request.resource().type();
        decision.resourceId = request.resource().id();
        decision.outcome = verdict.allowed() ? "allow" : "deny";
        decision.policyVersion = active.version();
        decision.policies = verdict.policies().toArray(String[]::new);
        decision.reasons = verdict.reasons().toArray(String[]::new);
        decision.persist();
        return new DecisionResponse(decision.id, decision.outcome, verdict.policies(), verdict.reasons(), active.version());
    }
}
