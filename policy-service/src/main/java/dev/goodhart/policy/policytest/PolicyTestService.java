package dev.goodhart.policy.policytest;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.policy.cedar.CedarAuthorizer;
import dev.goodhart.policy.cedar.CedarTranslator;
import dev.goodhart.policy.cedar.LoadedPolicies;
import dev.goodhart.policy.cedar.PolicyCompiler;
import dev.goodhart.policy.cedar.PolicySetCache;
import dev.goodhart.policy.policy.ActivePolicies;
import dev.goodhart.policy.policy.PolicyVersion;

/** Runs a {@code *.cedartest.json} suite posted over HTTP, against its own Cedar text or the active policy set. */
@ApplicationScoped
public class PolicyTestService {

    private final PolicyCompiler compiler;
    private final PolicySetCache cache;
    private final ActivePolicies active;
    private final PolicyTestRunner runner;

    public PolicyTestService(PolicyCompiler compiler, PolicySetCache cache, ActivePolicies active, CedarTranslator translator,
            CedarAuthorizer authorizer) {
        this.compiler = compiler;
        this.cache = cache;
        this.active = active;
        this.runner = new PolicyTestRunner(translator, authorizer);
    }

    public PolicyTestReport run(PolicyTestSuite suite) {
        if (suite.policyFile() != null) {
            throw ProblemException.invalidField("policyFile", "is for test files only; send the Cedar text as policies");
        }
        if (suite.policies() != null) {
            try (LoadedPolicies candidate = cache.load(compiler.compile(suite.policies()), 0)) {
                return runner.run(suite.cases(), candidate, null);
            }
        }
        int version = QuarkusTransaction.requiringNew().call(() -> PolicyVersion.findActive()
                .map(v -> v.version).orElseThrow(() -> ProblemException.notFound("No policy set is active")));
        LoadedPolicies policies = active.acquireActive(version);
        try {
            return runner.run(suite.cases(), policies, version);
        } finally {
            policies.release();
        }
    }
}
