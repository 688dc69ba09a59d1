package io.ringcache.server.store;

/** A mutable snapshot of the store's counters, filled by {@link Store#stats}; reused so STATS allocates little. */
public final class StoreStats {
    /** Bytes held: index + pages of entries (including allocator waste). Never above {@link #maxMemory}. */
    public long usedMemory;
    /** The memory bound the store was created with. */
    public long maxMemory;
    /** Bytes of the off-heap index alone (part of {@link #usedMemory}). */
    public long indexMemory;
    /** Bytes of entries and tombstones actually in use (headers, keys, values), without allocator waste. */
    public long liveBytes;
    /** Live entries, including expired ones not yet reclaimed; tombstones are not counted. */
    public long items;
    /** Tombstones of deleted keys, including expired ones not yet reclaimed. */
    public long tombstones;
    public long hits;
    public long misses;
    /**
     * Entries and tombstones that carry an expiry (Redis's {@code expires}), including expired ones not yet
     * reclaimed. While there are none the background sweep reads nothing.
     */
    public long expiring;
    /** Entries and tombstones removed to make room. */
    public long evictions;
    /**
     * Expired entries reclaimed, lazily on access or by the background sweep. Tombstones, which all end that way, are
     * not counted.
     */
    public long expirations;
}
