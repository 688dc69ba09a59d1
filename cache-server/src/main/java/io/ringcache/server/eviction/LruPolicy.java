package io.ringcache.server.eviction;

/** Approximated least-recently-used: the entry idle the longest goes first (what Redis calls allkeys-lru). */
public final class LruPolicy implements EvictionPolicy {

    @Override
    public long score(long nowMs, long idleMs, long createdAtSeconds, long expiresAtMs) {
        return idleMs;
    }
}
