package dev.goodhart.policy.policytest;

import java.util.ArrayList;
import java.util.List;

import dev.goodhart.policy.cedar.CedarAuthorizer;
import dev.goodhart.policy.cedar.CedarTranslator;
import dev.goodhart.policy.cedar.DecisionInput;
import dev.goodhart.policy.cedar.InvalidDecisionInputException;
import dev.goodhart.policy.cedar.LoadedPolicies;
import dev.goodhart.policy.cedar.Verdict;
import dev.goodhart.policy.policytest.PolicyTestReport.CaseResult;

/**
 * Runs policy test cases against a loaded policy set, exactly as decisions are evaluated (same translation, same
 * delegation rules). Kill switch, approvals and budgets are not part of a policy test: cases test the policies.
 */
public final class PolicyTestRunner {

    private final CedarTranslator translator;
    private final CedarAuthorizer authorizer;

    public PolicyTestRunner(CedarTranslator translator, CedarAuthorizer authorizer) {
        this.translator = translator;
        this.authorizer = authorizer;
    }

    public PolicyTestReport run(List<PolicyTestCase> cases, LoadedPolicies policies, Integer version) {
        List<CaseResult> results = new ArrayList<>();
        for (PolicyTestCase testCase : cases) {
            results.add(run(testCase, policies));
        }
        int passed = (int) results.stream().filter(CaseResult::passed).count();
        return new PolicyTestReport(version, passed, results.size() - passed, results);
    }

    public CaseResult run(PolicyTestCase testCase, LoadedPolicies policies) {
        PolicyTestCase.Agent agent = testCase.agent();
        DecisionInput.AgentFacts facts = agent.owner() == null
                ? DecisionInput.AgentFacts.unregistered(agent.id())
                : new DecisionInput.AgentFacts(agent.id(), true, CedarTranslator.normalisedEmail(agent.owner()),
                        agent.riskTier() == null ? "low" : agent.riskTier(), agent.team());
        String person = CedarTranslator.normalisedEmail(testCase.onBehalfOf());
        DecisionInput input = new DecisionInput(facts, person == null ? testCase.onBehalfOf() : person, testCase.action(),
                new DecisionInput.Resource(testCase.resource().type(), testCase.resource().id(), testCase.resource().attributes()),
                testCase.context(), testCase.recent() == null ? DecisionInput.Recent.NONE : testCase.recent());
        Verdict verdict;
        try {
            verdict = authorizer.evaluate(policies, translator.translate(input));
        } catch (InvalidDecisionInputException e) {
            return new CaseResult(testCase.name(), false, testCase.expect(), null, null, List.of(), List.of(),
                    "the request does not fit the Cedar schema: " + e.errors().stream()
                            .map(error -> error.field() + " " + error.detail()).toList());
        }
        String actual = "error".equals(testCase.expect()) ? verdict.outcome() : verdict.decision();
        List<String> failures = new ArrayList<>();
        if (!testCase.expect().equals(actual)) {
            failures.add("expected " + testCase.expect() + " but was " + actual);
        }
        if (testCase.expectPolicies() != null && !verdict.policies().containsAll(testCase.expectPolicies())) {
            failures.add("expected policies " + testCase.expectPolicies() + " among " + verdict.policies());
        }
        if (testCase.expectBasis() != null && !testCase.expectBasis().equals(verdict.basis())) {
            failures.add("expected basis " + testCase.expectBasis() + " but was " + verdict.basis());
        }
        return new CaseResult(testCase.name(), failures.isEmpty(), testCase.expect(), actual, verdict.basis(),
                verdict.policies(), verdict.reasons(), failures.isEmpty() ? null : String.join("; ", failures));
    }
}
