package dev.goodhart.policy.policy;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import dev.goodhart.common.problem.ProblemException;
import dev.goodhart.common.problem.ProblemType;
import dev.goodhart.policy.cedar.CedarSetup;
import dev.goodhart.policy.cedar.CompiledPolicies;
import dev.goodhart.policy.cedar.InvalidPolicySetException;
import dev.goodhart.policy.cedar.PolicyCompiler;

/** Versions of the policy set: publish (validated, immutable, activated atomically), read, roll back. */
@ApplicationScoped
@Transactional
public class PolicyService {

    static final String DEFAULT_POLICIES = "cedar/default-policies.cedar";
    static final String INSTALLER = "goodhart (default policy set)";
    /** Serialises publications and activations across instances, so version numbers never collide. */
    private static final long PUBLICATION_LOCK = 0x706f6c6963790001L;

    private final PolicyCompiler compiler;

    public PolicyService(PolicyCompiler compiler) {
        this.compiler = compiler;
    }

    /** A fresh database starts with the default policy set as version 1, so that agents are never unguarded. */
    void installDefaultPolicies(@Observes StartupEvent startup) {
        lockPublications();
        if (PolicyVersion.count() > 0) {
            return;
        }
        PolicyVersion first = new PolicyVersion();
        first.version = 1;
        first.source = CedarSetup.classpathText(DEFAULT_POLICIES);
        first.createdAt = Instant.now();
        first.createdBy = INSTALLER;
        first.active = true;
        first.persist();
        recordActivation(1, INSTALLER);
        Log.info("Installed the default Cedar policy set as version 1");
    }

    public PolicySetView active() {
        return PolicyVersion.findActive().map(this::view)
                .orElseThrow(() -> ProblemException.notFound("No policy set is active"));
    }

    public List<PolicyVersionItem> versions() {
        return PolicyVersion.newestFirst().stream().map(PolicyVersionItem::of).toList();
    }

    public PolicySetView version(int number) {
        return view(find(number));
    }

    /** Validates the text, stores it as the next version and makes it active, all in one transaction. */
    public PolicySetView publish(String source, String actor) {
        CompiledPolicies compiled = compiler.compile(requireText(source));
        lockPublications();
        PolicyVersion version = new PolicyVersion();
        version.version = PolicyVersion.latestVersion() + 1;
        version.source = source;
        version.createdAt = Instant.now();
        version.createdBy = actor;
        version.active = false;
        version.persist();
        activate(version, actor);
        Log.infof("Policy version %d published and activated", version.version);
        return PolicySetView.of(version, compiled);
    }

    /** Makes an earlier (or any) version active again; the version must still validate against the schema. */
    public PolicySetView rollBack(int number, String actor) {
        lockPublications();
        PolicyVersion version = find(number);
        CompiledPolicies compiled;
        try {
            compiled = compiler.compile(version.source);
        } catch (InvalidPolicySetException e) {
            throw new ProblemException(ProblemType.CONFLICT, "Version " + number
                    + " no longer validates against the Cedar schema: " + e.getMessage());
        }
        if (!version.active) {
            activate(version, actor);
            Log.infof("Policy version %d re-activated", number);
        }
        return PolicySetView.of(version, compiled);
    }

    private void activate(PolicyVersion version, String actor) {
        PolicyVersion.update("active = false where active = true and version <> ?1", version.version);
        PolicyVersion.flush();
        version.active = true;
        recordActivation(version.version, actor);
    }

    private static void recordActivation(int version, String actor) {
        PolicyActivation activation = new PolicyActivation();
        activation.version = version;
        activation.activatedAt = Instant.now();
        activation.activatedBy = actor;
        activation.persist();
    }

    private static void lockPublications() {
        PolicyVersion.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, PUBLICATION_LOCK).getSingleResult();
    }

    private PolicySetView view(PolicyVersion version) {
        CompiledPolicies compiled = null;
        try {
            compiled = compiler.compile(version.source);
        } catch (InvalidPolicySetException e) {
            Log.warnf("Stored policy version %d no longer validates: %s", version.version, e.getMessage());
        }
        return PolicySetView.of(version, compiled);
    }

    private static PolicyVersion find(int number) {
        return PolicyVersion.<PolicyVersion> findByIdOptional(number)
                .orElseThrow(() -> ProblemException.notFound("No policy version " + number));
    }

    static String requireText(String source) {
        if (source == null || source.isBlank()) {
            throw ProblemException.invalidField("source", "must contain Cedar policies");
        }
        if (source.indexOf(0) >= 0) {
            throw ProblemException.invalidField("source", "must not contain NUL characters");
        }
        return source;
    }
}
