package dev.goodhart.policy.policy;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.goodhart.policy.cedar.CompiledPolicies;
import dev.goodhart.policy.cedar.InvalidPolicySetException;
import dev.goodhart.policy.cedar.LoadedPolicies;
import dev.goodhart.policy.cedar.PolicyCompiler;
import dev.goodhart.policy.cedar.PolicySetCache;

/**
 * The active policy set and the running shadow set, compiled and loaded into Cedar's native cache. The database says
 * which version is active (every decision reads it in the same query as the agent), so a change made through any
 * instance takes effect on the next decision everywhere; a replaced set is released once its last decision is done.
 */
@ApplicationScoped
public class ActivePolicies {

    private final PolicyCompiler compiler;
    private final PolicySetCache cache;
    private volatile LoadedPolicies active;
    private volatile LoadedPolicies shadow;
    /** A shadow set that could not be loaded is not retried on every decision. */
    private volatile Integer unloadableShadowId;

    public ActivePolicies(PolicyCompiler compiler, PolicySetCache cache) {
        this.compiler = compiler;
        this.cache = cache;
    }

    /** The active set with a reference taken: release it when the decision is done. */
    public LoadedPolicies acquireActive(int version) {
        while (true) {
            LoadedPolicies current = active;
            if (current == null || current.version() != version) {
                current = reloadActive(version);
            }
            if (current.tryAcquire()) {
                return current;
            }
        }
    }

    /** The running shadow set with a reference taken, or null when none runs (or it cannot be loaded). */
    public LoadedPolicies acquireShadow(Integer shadowId) {
        if (shadowId == null) {
            if (shadow != null) {
                dropShadow();
            }
            return null;
        }
        if (shadowId.equals(unloadableShadowId)) {
            return null;
        }
        while (true) {
            LoadedPolicies current = shadow;
            if (current == null || current.version() != shadowId) {
                current = reloadShadow(shadowId);
                if (current == null) {
                    return null;
                }
            }
            if (current.tryAcquire()) {
                return current;
            }
        }
    }

    private synchronized LoadedPolicies reloadActive(int version) {
        LoadedPolicies current = active;
        if (current != null && current.version() == version) {
            return current;
        }
        String source = QuarkusTransaction.requiringNew().call(() -> PolicyVersion.<PolicyVersion> findByIdOptional(version)
                .map(v -> v.source).orElse(null));
        if (source == null) {
            throw new PolicySetUnavailableException("Policy version " + version + " does not exist", null);
        }
        CompiledPolicies compiled;
        try {
            compiled = compiler.compile(source);
        } catch (InvalidPolicySetException e) {
            throw new PolicySetUnavailableException("Active policy version " + version
                    + " does not validate against the Cedar schema: " + e.getMessage(), e);
        }
        LoadedPolicies loaded = cache.load(compiled, version);
        active = loaded;
        if (current != null) {
            current.release();
        }
        Log.infof("Policy version %d is active", version);
        return loaded;
    }

    private synchronized LoadedPolicies reloadShadow(int shadowId) {
        LoadedPolicies current = shadow;
        if (current != null && current.version() == shadowId) {
            return current;
        }
        String source = QuarkusTransaction.requiringNew().call(() -> PolicyShadow.<PolicyShadow> findByIdOptional(shadowId)
                .map(s -> s.source).orElse(null));
        LoadedPolicies loaded = null;
        if (source != null) {
            try {
                loaded = cache.load(compiler.compile(source), shadowId);
            } catch (InvalidPolicySetException e) {
                Log.warnf("Shadow policy set %d no longer validates and is not evaluated: %s", shadowId, e.getMessage());
            }
        }
        unloadableShadowId = loaded == null ? shadowId : null;
        shadow = loaded;
        if (current != null) {
            current.release();
        }
        return loaded;
    }

    private synchronized void dropShadow() {
        LoadedPolicies current = shadow;
        if (current != null) {
            shadow = null;
            current.release();
        }
    }
}
