package io.ringcache.server.store;

import static org.agrona.UnsafeAccess.UNSAFE;

/**
 * Where each field of an off-heap entry lives, so that no Java object is needed per entry.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          Version                              |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Expires-at (epoch ms)                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Created-at (epoch seconds)                | 16
 *  +---------------------------------------------------------------+
 *  |               Last access (low 32 bits of epoch ms)           | 20
 *  +---------------------------------------------------------------+
 *  |                          Client flags                         | 24
 *  +---------------+-+---------------------------------------------+
 *  |  Key length   |T|              Value length                   | 28
 *  +---------------+-+---------------------------------------------+
 *  |                        Key bytes                             ...  32
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |                        Value bytes                           ...  32 + key length
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The header is 32 bytes. Version (a {@link VersionClock} stamp) and expiry are full 64-bit values because the
 * protocol exposes them exactly. Created-at needs no millisecond precision (it only orders entries for FIFO-like
 * policies) and, as unsigned epoch seconds, lasts until 2106. Last access is only ever compared as an idle time
 * {@code now - lastAccess}, which unsigned 32-bit arithmetic gets right for idle times below 49 days; older entries
 * look younger than they are, which only makes LRU slightly less exact for entries nobody touched for seven weeks
 * (Redis makes the same trade with a 24-bit clock). Key and value lengths share one int (8 + 1 + 23 bits) because
 * keys are at most 250 bytes and values at most 1 MiB; the bit between them, T, marks a tombstone.
 *
 * <p>A tombstone is what a delete leaves, so that replicas can tell a deleted key from one they never heard of: a key
 * and no value, with the deleting write's version and an expiry after which it is reclaimed like any entry. Its
 * created-at, last access and flags are kept like an entry's (flags are 0) so that eviction treats it alike.
 *
 * <p>A lengths word of zero marks a chunk that holds no entry (keys are never empty); the allocator writes it when it
 * frees a chunk, so samplers reading chunks without a lock can skip free ones. A free chunk keeps its free-list link
 * in the version field.
 */
final class EntryLayout {

    static final int VERSION_OFFSET = 0;
    static final int EXPIRES_AT_OFFSET = 8;
    static final int CREATED_AT_OFFSET = 16;
    static final int LAST_ACCESS_OFFSET = 20;
    static final int FLAGS_OFFSET = 24;
    static final int LENGTHS_OFFSET = 28;
    static final int KEY_OFFSET = 32;
    static final int HEADER_LENGTH = KEY_OFFSET;

    static final int MAX_KEY_LENGTH = 250;
    static final int MAX_VALUE_LENGTH = (1 << 23) - 1;
    private static final int VALUE_LENGTH_MASK = MAX_VALUE_LENGTH;
    private static final int TOMBSTONE_BIT = 1 << 23;
    private static final int KEY_LENGTH_SHIFT = 24;

    private EntryLayout() {
    }

    static int entryLength(int keyLength, int valueLength) {
        return HEADER_LENGTH + keyLength + valueLength;
    }

    static long version(long address) {
        return UNSAFE.getLong(address + VERSION_OFFSET);
    }

    static void version(long address, long version) {
        UNSAFE.putLong(address + VERSION_OFFSET, version);
    }

    static long expiresAt(long address) {
        return UNSAFE.getLong(address + EXPIRES_AT_OFFSET);
    }

    static void expiresAt(long address, long expiresAtMs) {
        UNSAFE.putLong(address + EXPIRES_AT_OFFSET, expiresAtMs);
    }

    static boolean isExpired(long address, long nowMs) {
        final long expiresAt = expiresAt(address);
        return expiresAt != Store.NO_EXPIRY && expiresAt <= nowMs;
    }

    static long createdAtSeconds(long address) {
        return Integer.toUnsignedLong(UNSAFE.getInt(address + CREATED_AT_OFFSET));
    }

    static void createdAt(long address, long nowMs) {
        UNSAFE.putInt(address + CREATED_AT_OFFSET, (int) (nowMs / 1000));
    }

    /** Milliseconds since the last access, exact below 2^32 ms (49 days). */
    static long idleMs(long address, long nowMs) {
        return Integer.toUnsignedLong((int) nowMs - UNSAFE.getInt(address + LAST_ACCESS_OFFSET));
    }

    static void lastAccess(long address, long nowMs) {
        UNSAFE.putInt(address + LAST_ACCESS_OFFSET, (int) nowMs);
    }

    static int flags(long address) {
        return UNSAFE.getInt(address + FLAGS_OFFSET);
    }

    static void flags(long address, int flags) {
        UNSAFE.putInt(address + FLAGS_OFFSET, flags);
    }

    static int keyLength(long address) {
        return UNSAFE.getInt(address + LENGTHS_OFFSET) >>> KEY_LENGTH_SHIFT;
    }

    static int valueLength(long address) {
        return UNSAFE.getInt(address + LENGTHS_OFFSET) & VALUE_LENGTH_MASK;
    }

    static void lengths(long address, int keyLength, int valueLength) {
        UNSAFE.putInt(address + LENGTHS_OFFSET, keyLength << KEY_LENGTH_SHIFT | valueLength);
    }

    /** Writes the lengths word of a tombstone: a key and no value. */
    static void tombstoneLengths(long address, int keyLength) {
        UNSAFE.putInt(address + LENGTHS_OFFSET, keyLength << KEY_LENGTH_SHIFT | TOMBSTONE_BIT);
    }

    static boolean isTombstone(long address) {
        return (UNSAFE.getInt(address + LENGTHS_OFFSET) & TOMBSTONE_BIT) != 0;
    }

    /** Marks a chunk as holding no entry. */
    static void markFree(long address) {
        UNSAFE.putInt(address + LENGTHS_OFFSET, 0);
    }

    /**
     * The key length of a chunk read without a lock, or 0 when the chunk is free or its header is not (yet) a
     * plausible entry of that chunk size, so that hashing the key never reads past the chunk.
     */
    static int plausibleKeyLength(long address, int chunkSize) {
        final int keyLength = keyLength(address);
        return keyLength > MAX_KEY_LENGTH || HEADER_LENGTH + keyLength > chunkSize ? 0 : keyLength;
    }

    static long keyAddress(long address) {
        return address + KEY_OFFSET;
    }

    static long valueAddress(long address) {
        return address + KEY_OFFSET + keyLength(address);
    }

    static int length(long address) {
        return HEADER_LENGTH + keyLength(address) + valueLength(address);
    }

    /** Compares the entry's key with {@code length} bytes at {@code (keyObject, keyAddress)} (heap or direct). */
    static boolean keyEquals(long address, Object keyObject, long keyAddress, int length) {
        if (keyLength(address) != length) {
            return false;
        }
        final long entryKey = address + KEY_OFFSET;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (UNSAFE.getLong(null, entryKey + i) != UNSAFE.getLong(keyObject, keyAddress + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (UNSAFE.getByte(null, entryKey + i) != UNSAFE.getByte(keyObject, keyAddress + i)) {
                return false;
            }
        }
        return true;
    }
}
