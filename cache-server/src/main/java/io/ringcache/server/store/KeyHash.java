package io.ringcache.server.store;

import net.openhft.hashing.LongHashFunction;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

/**
 * The store's key hash (xxHash64, allocation-free) and how its bits are split: the top bits choose the stripe, the
 * low {@value OffHeapIndex#TAG_BITS} bits are the index tag and home slot. The two ranges do not overlap, so keys
 * within a stripe still spread over its whole table.
 */
final class KeyHash {

    static final int STRIPE_BITS = 6;
    static final int STRIPES = 1 << STRIPE_BITS;
    private static final LongHashFunction XX = LongHashFunction.xx();

    private KeyHash() {
    }

    static long hash(DirectBuffer key, int offset, int length) {
        final byte[] array = key.byteArray();
        if (array != null) {
            final int arrayOffset = (int) (key.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET);
            return XX.hashBytes(array, arrayOffset + offset, length);
        }
        return XX.hashMemory(key.addressOffset() + offset, length);
    }

    static long hash(long address, int length) {
        return XX.hashMemory(address, length);
    }

    static int stripe(long hash) {
        return (int) (hash >>> (Long.SIZE - STRIPE_BITS));
    }

    static int tag(long hash) {
        return (int) hash & OffHeapIndex.TAG_MASK;
    }
}
