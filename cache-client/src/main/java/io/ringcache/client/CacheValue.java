package io.ringcache.client;

/**
 * A value read from the cache with its metadata.
 *
 * @param value the bytes stored
 * @param flags the opaque flags stored with it
 * @param ttlRemainingMs milliseconds until it expires, or -1 when it does not expire
 * @param version the entry's version, for {@link RingcacheClient#putIfVersion}
 */
public record CacheValue(byte[] value, int flags, long ttlRemainingMs, long version) {
}
