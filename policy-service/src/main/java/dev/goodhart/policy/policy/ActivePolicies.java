package dev.goodhart.policy.policy;

import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.BlockingOperationControl;

import dev.goodhart.policy.cedar.InvalidPolicySetException;
import dev.goodhart.policy.cedar.LoadedPolicies;
import dev.goodhart.policy.cedar.PolicyCompiler;
import dev.goodhart.policy.cedar.PolicySetCache;

/**
 * The active policy set and the running shadow set, compiled and loaded into Cedar's native cache. The database says
 * which version is active and which shadow runs (every decision reads them in the same query as the agent), so a
 * change made through any instance takes effect on the next decision everywhere; a replaced set is released once its
 * last decision is done.
 */
@ApplicationScoped
public class ActivePolicies {

    private final Loaded active;
    private final Loaded shadow;

    public ActivePolicies(PolicyCompiler compiler, PolicySetCache cache) {
        this.active = new Loaded("Policy version", compiler, cache, version -> PolicyVersion
                .<PolicyVersion> findByIdOptional(version).map(v -> v.source).orElse(null));
        this.shadow = new Loaded("Shadow policy set", compiler, cache, id -> PolicyShadow
                .<PolicyShadow> findByIdOptional(id).map(s -> s.source).orElse(null));
    }

    /**
     * The active set with a reference taken: release it when the decision is done.
     *
     * @throws PolicySetUnavailableException when the version cannot be loaded (then every decision is an evaluation error)
     * @throws LoadingNeeded on an I/O thread, when the version is not loaded yet
     */
    public LoadedPolicies acquireActive(int version) {
        LoadedPolicies loaded = active.acquire(version);
        if (loaded == null) {
            throw new PolicySetUnavailableException("Active policy version " + version
                    + " cannot be evaluated: " + active.failure(), null);
        }
        return loaded;
    }

    /**
     * The running shadow set with a reference taken, or null when none runs (or it cannot be loaded).
     *
     * @throws LoadingNeeded on an I/O thread, when the set is not loaded yet
     */
    public LoadedPolicies acquireShadow(Integer shadowId) {
        if (shadowId == null) {
            shadow.drop();
            return null;
        }
        return shadow.acquire(shadowId);
    }

    /**
     * Thrown on an I/O thread when a set has to be read from the database first (a version was activated, a shadow set
     * started): nothing has been acquired, so the caller asks again on a worker thread.
     */
    public static final class LoadingNeeded extends RuntimeException {

        private static final LoadingNeeded INSTANCE = new LoadingNeeded();

        private LoadingNeeded() {
            super("The policy set must be loaded on a worker thread", null, false, false);
        }
    }

    /** One slot (active or shadow): the loaded set for an id, reloaded when the database names another id. */
    private static final class Loaded {

        private final String what;
        private final PolicyCompiler compiler;
        private final PolicySetCache cache;
        private final IntFunction<String> source;
        private volatile LoadedPolicies current;
        /** An id that could not be loaded is not retried on every decision. */
        private volatile Integer unloadableId;
        private volatile String failure;

        Loaded(String what, PolicyCompiler compiler, PolicySetCache cache, IntFunction<String> source) {
            this.what = what;
            this.compiler = compiler;
            this.cache = cache;
            this.source = source;
        }

        LoadedPolicies acquire(int id) {
            if (Integer.valueOf(id).equals(unloadableId)) {
                return null;
            }
            while (true) {
                LoadedPolicies loaded = current;
                if (loaded == null || loaded.version() != id) {
                    if (!BlockingOperationControl.isBlockingAllowed()) {
                        throw LoadingNeeded.INSTANCE;
                    }
                    loaded = reload(id);
                    if (loaded == null) {
                        return null;
                    }
                }
                if (loaded.tryAcquire()) {
                    return loaded;
                }
            }
        }

        String failure() {
            return failure;
        }

        private synchronized LoadedPolicies reload(int id) {
            LoadedPolicies previous = current;
            if (previous != null && previous.version() == id) {
                return previous;
            }
            String text = QuarkusTransaction.requiringNew().call(() -> source.apply(id));
            LoadedPolicies loaded = null;
            if (text == null) {
                failure = "it does not exist";
            } else {
                try {
                    loaded = cache.load(compiler.compile(text), id);
                } catch (InvalidPolicySetException e) {
                    failure = "it does not validate against the Cedar schema: " + e.getMessage();
                }
            }
            if (loaded == null) {
                Log.warnf("%s %d cannot be evaluated: %s", what, id, failure);
                unloadableId = id;
                return null;
            }
            unloadableId = null;
            current = loaded;
            if (previous != null) {
                previous.release();
            }
            Log.infof("%s %d loaded", what, id);
            return loaded;
        }

        void drop() {
            if (current != null) {
                dropLoaded();
            }
        }

        private synchronized void dropLoaded() {
            LoadedPolicies previous = current;
            if (previous != null) {
                current = null;
                previous.release();
            }
        }
    }
}
