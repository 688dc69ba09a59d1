package io.ringcache.server.store;

import org.agrona.DirectBuffer;

/**
 * Receives the entries and tombstones of one stripe from {@link Store#scanStripe}, so that a node can stream a range
 * of keys to a new owner without the store knowing about ranges.
 *
 * <p>It runs under the stripe's lock, once per entry: it must only copy what it needs (the key and value views are
 * valid only during the call) and return, and never call the store.
 */
@FunctionalInterface
public interface EntryVisitor {

    /**
     * @param keyHash the key's xxHash64 ({@link io.ringcache.protocol.ring.KeyHash}), which places it on the ring
     * @param tombstone whether this is a deleted key's tombstone (then the value is empty and flags are 0)
     * @param version the entry's version
     * @param expiresAtMs absolute expiry time, or {@link Store#NO_EXPIRY}
     * @param flags the client's opaque flags
     * @param key a view whose bytes {@code [keyOffset, keyOffset + keyLength)} are the key
     * @param value a view whose bytes {@code [valueOffset, valueOffset + valueLength)} are the value
     */
    void visit(long keyHash, boolean tombstone, long version, long expiresAtMs, int flags, DirectBuffer key,
            int keyOffset, int keyLength, DirectBuffer value, int valueOffset, int valueLength);
}
