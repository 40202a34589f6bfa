package dev.goodhart.policy.cedar;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicInteger;

import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.PolicySet;

/**
 * Loads policy sets into the native library's cache, so that a decision sends only a key instead of every policy.
 *
 * <p>The native cache holds at most 1,024 entries and evicts nothing; the binding frees an entry only when its
 * {@link PolicySet} is garbage-collected. A service that reloads policies, runs shadow sets and dry-runs would fill it,
 * so entries are recycled deterministically instead: each {@link PolicySet} here is a slot with a fixed cache key, and
 * {@link PolicySet#cache()} on a slot that returned to the pool replaces what the key held. The number of native
 * entries is the largest number of policy sets ever loaded at the same time (active, shadow, a dry-run or two).
 */
public final class PolicySetCache {

    private final Deque<PolicySet> freeSlots = new ArrayDeque<>();
    private final AtomicInteger slotsCreated = new AtomicInteger();

    /** Loads a compiled set into a slot. The caller owns one reference; {@link LoadedPolicies#release()} gives it back. */
    public LoadedPolicies load(CompiledPolicies compiled, int version) {
        PolicySet slot = takeSlot();
        try {
            slot.policies = new LinkedHashSet<>(compiled.cedarPolicies());
            slot.cache();
        } catch (CacheException e) {
            returnSlot(slot);
            throw new IllegalStateException("Cedar could not cache policy set version " + version, e);
        }
        return new LoadedPolicies(compiled, version, slot, this);
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
