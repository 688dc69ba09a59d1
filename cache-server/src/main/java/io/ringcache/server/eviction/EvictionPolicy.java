package io.ringcache.server.eviction;

/**
 * Decides which entry goes first when the store must make room: the store samples a few entries, asks the policy to
 * score each one and evicts the highest score (kept in an {@link EvictionPool} across rounds).
 *
 * <p>Scores come from an entry's metadata alone, so a policy is a pure function that neither allocates nor reads
 * off-heap memory. Expired entries never reach a policy: the store reclaims them as soon as a sample finds them.
 */
@FunctionalInterface
public interface EvictionPolicy {

    /**
     * @param nowMs the store clock's current time
     * @param idleMs milliseconds since the entry was last read or written, in whole seconds
     * @param createdAtSeconds epoch seconds when the entry was written (on its coordinator: its version's clock)
     * @param expiresAtMs the entry's expiry, or {@code Store.NO_EXPIRY}
     * @return a non-negative score; the larger, the sooner the entry should go
     */
    long score(long nowMs, long idleMs, long createdAtSeconds, long expiresAtMs);
}
