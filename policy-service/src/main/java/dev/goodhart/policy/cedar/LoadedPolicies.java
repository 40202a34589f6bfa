package dev.goodhart.policy.cedar;

import java.util.concurrent.atomic.AtomicInteger;

import com.cedarpolicy.model.policy.PolicySet;

/**
 * A compiled policy set in the native cache, counted by reference: every evaluation holds a reference while it runs,
 * so a set that is replaced goes back to the pool only after the last decision using it has finished.
 */
public final class LoadedPolicies implements AutoCloseable {

    private final CompiledPolicies compiled;
    private final int version;
    private final PolicySet policySet;
    private final PolicySetCache cache;
    private final AtomicInteger references = new AtomicInteger(1);

    LoadedPolicies(CompiledPolicies compiled, int version, PolicySet policySet, PolicySetCache cache) {
        this.compiled = compiled;
        this.version = version;
        this.policySet = policySet;
        this.cache = cache;
    }

    public CompiledPolicies compiled() {
        return compiled;
    }

    public int version() {
        return version;
    }

    PolicySet policySet() {
        return policySet;
    }

    /** Takes a reference unless the set has been released for good; false means: read the current set again. */
    public boolean tryAcquire() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            cache.returnSlot(policySet);
        }
    }

    /** Releases the owner's reference (for sets used in one place, such as a dry-run). */
    @Override
    public void close() {
        release();
    }
}
