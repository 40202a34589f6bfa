package dev.goodhart.policy.cedar;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicInteger;

import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;

/**
 * Loads policy sets into the native library's cache, so that a decision sends only a key instead of every policy.
 *
 * <p>The native cache holds at most 1,024 entries and evicts nothing; the binding frees an entry only when its
 * {@link PolicySet} is garbage-collected. A service that reloads policies, runs shadow sets and dry-runs would fill it,
 * so entries are recycled deterministically instead: each {@link PolicySet} here is a slot with a fixed cache key, and
 * {@link PolicySet#cache()} on a slot that returned to the pool replaces what the key held. The number of native
 * entries is the largest number of slots ever in use at the same time: each loaded set (active, shadow, a dry-run or
 * two) takes one, plus one per distinct part of it that requests needed (at most {@link LoadedPolicies#MAX_PARTS}).
 */
public final class PolicySetCache {

    private final Deque<PolicySet> freeSlots = new ArrayDeque<>();
    private final AtomicInteger slotsCreated = new AtomicInteger();

    /** Loads a compiled set into a slot. The caller owns one reference; {@link LoadedPolicies#release()} gives it back. */
    public LoadedPolicies load(CompiledPolicies compiled, int version) {
        return new LoadedPolicies(compiled, version, cached(compiled.cedarPolicies(), "policy set version " + version), this);
    }

    /** Policies in a slot of their own (a set, or the part of it that can match some requests); give it back later. */
    PolicySet cached(Collection<Policy> policies, String what) {
        PolicySet slot = takeSlot();
        try {
            slot.policies = new LinkedHashSet<>(policies);
            slot.cache();
        } catch (CacheException e) {
            returnSlot(slot);
            throw new IllegalStateException("Cedar could not cache " + what, e);
        }
        return slot;
    }

    /** How many native cache entries this service has ever needed at once. */
    public int slotsCreated() {
        return slotsCreated.get();
    }

    private synchronized PolicySet takeSlot() {
        PolicySet slot = freeSlots.poll();
        if (slot == null) {
            slot = new PolicySet();
            slotsCreated.incrementAndGet();
        }
        return slot;
    }

    synchronized void returnSlot(PolicySet slot) {
        freeSlots.push(slot);
    }
}
