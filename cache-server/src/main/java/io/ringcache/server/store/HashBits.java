package io.ringcache.server.store;

import io.ringcache.protocol.ring.KeyHash;
import org.agrona.DirectBuffer;

/**
 * The store's use of the protocol's key hash (xxHash64, allocation-free): how its bits are split. The top bits
 * choose the stripe, the low {@value OffHeapIndex#TAG_BITS} bits are the index tag and home slot. The two ranges do
 * not overlap, so keys within a stripe still spread over its whole table.
 */
final class HashBits {

    static final int STRIPE_BITS = 6;
    static final int STRIPES = 1 << STRIPE_BITS;

    private HashBits() {
    }

    static long hash(DirectBuffer key, int offset, int length) {
        return KeyHash.hash(key, offset, length);
    }

    static long hash(long address, int length) {
        return KeyHash.hashMemory(address, length);
    }

    static int stripe(long hash) {
        return (int) (hash >>> (Long.SIZE - STRIPE_BITS));
    }

    static int tag(long hash) {
        return (int) hash & OffHeapIndex.TAG_MASK;
    }
}
