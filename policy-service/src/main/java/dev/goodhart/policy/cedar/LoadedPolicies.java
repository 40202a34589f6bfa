package dev.goodhart.policy.cedar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;

import dev.goodhart.policy.cedar.PolicySchema.ActionInfo;

/**
 * A compiled policy set in the native cache, counted by reference: every evaluation holds a reference while it runs,
 * so a set that is replaced goes back to the pool only after the last decision using it has finished.
 *
 * <p>Cedar evaluates every policy of the set it is given, and the binding copies the cached set for every call, so
 * each request is evaluated against the part of the set whose scope can match it ({@link PolicyScope}): the same
 * answer, determining policies and errors as the whole set, for a fraction of the work. Parts are cached natively the
 * first time a kind of request (principal type, action, resource type) needs them.
 */
public final class LoadedPolicies implements AutoCloseable {

    /** Most distinct parts cached for one set; kinds of request beyond them are evaluated against the whole set. */
    static final int MAX_PARTS = 64;

    private final CompiledPolicies compiled;
    private final int version;
    private final PolicySet policySet;
    private final PolicySetCache cache;
    private final AtomicInteger references = new AtomicInteger(1);
    private final Map<RequestKind, PolicySet> partsByRequestKind = new ConcurrentHashMap<>();
    /** Guarded by this: one native entry per distinct list of policies. */
    private final Map<List<String>, PolicySet> partsByPolicies = new HashMap<>();

    private record RequestKind(String principalType, String action, String resourceType) {
    }

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

    /** The policies that can match requests of this kind, cached natively; call it while holding a reference. */
    PolicySet forRequest(String principalType, ActionInfo action, String resourceType) {
        RequestKind kind = new RequestKind(principalType, action.name(), resourceType);
        PolicySet part = partsByRequestKind.get(kind);
        return part != null ? part : cachePart(kind, action);
    }

    private synchronized PolicySet cachePart(RequestKind kind, ActionInfo action) {
        PolicySet known = partsByRequestKind.get(kind);
        if (known != null) {
            return known;
        }
        List<Policy> matching = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Policy policy : compiled.cedarPolicies()) {
            if (compiled.policy(policy.getID()).scope().mayMatch(kind.principalType(), action, kind.resourceType())) {
                matching.add(policy);
                ids.add(policy.getID());
            }
        }
        PolicySet part = partsByPolicies.get(ids);
        if (part == null) {
            if (matching.size() == compiled.cedarPolicies().size() || partsByPolicies.size() >= MAX_PARTS) {
                part = policySet;
            } else {
                part = cache.cached(matching, "part of policy set version " + version);
                partsByPolicies.put(ids, part);
            }
        }
        partsByRequestKind.put(kind, part);
        return part;
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
            synchronized (this) {
                partsByPolicies.values().forEach(cache::returnSlot);
            }
        }
    }

    /** Releases the owner's reference (for sets used in one place, such as a dry-run). */
    @Override
    public void close() {
        release();
    }
}
