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
 *  |                 Expires-at (epoch ms, 43 bits)                |  8
 *  +                     +-----------------------------------------+
 *  |                     |     Last access (epoch s, 21 bits)      |
 *  +---------------+-+-+-+-----------------------------------------+
 *  |  Key length   |T|F|0|         Value length (21 bits)          | 16
 *  +---------------+-+-+-+-----------------------------------------+
 *  |              Client flags (only when F is set)                | 20
 *  +---------------------------------------------------------------+
 *  |                        Key bytes                             ...  20, or 24 with flags
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |                        Value bytes                           ...  key offset + key length
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The long at offset 8 and the int at 16 are native-order words, drawn most significant bit first. The header is
 * 20 bytes, 24 when the entry has client flags. The version (a {@link VersionClock} stamp) is a full 64-bit value
 * because the protocol exposes it exactly and replicas keep the sender's. Expiry and last access share the long at
 * offset 8 ({@code expiresAt << 21 | lastAccess}):
 *
 * <ul>
 * <li>Expires-at is kept exact in milliseconds since 1970 in 43 bits, which reach the year 2248: TTLs are capped at
 * 100 years (protocol §8), so every expiry a client can ask for fits until 2148. A replicated expiry beyond that
 * range (only a broken peer sends one) is kept as the range's last millisecond, and one before 1970 as its first
 * millisecond, which any real clock has passed.</li>
 * <li>Last access is in whole seconds, as Redis and memcached keep it, and is only ever compared as an idle time:
 * unsigned 21-bit arithmetic gets it right for idle times below 2^21 s (24 days). Older entries look younger than
 * they are, which only makes LRU less exact for entries nobody touched for three weeks.</li>
 * </ul>
 *
 * <p>There is no created-at field: an entry is created by the write that gave it its version, and a version's high
 * bits are that write's wall-clock milliseconds ({@link VersionClock#wallClockMs}). Key and value lengths share one
 * int (8 + 21 bits) because keys are at most 250 bytes and values at most 1 MiB; T marks a tombstone and F says that
 * the client flags follow the lengths. Flags are 0 in most entries, so those entries do not store them.
 *
 * <p>A tombstone is what a delete leaves, so that replicas can tell a deleted key from one they never heard of: a key
 * and no value (and no flags), with the deleting write's version and an expiry after which it is reclaimed like any
 * entry. Its last access is kept like an entry's so that eviction treats it alike.
 *
 * <p>A lengths word of zero marks a chunk that holds no entry (keys are never empty); the allocator writes it when it
 * frees a chunk, so samplers reading chunks without a lock can skip free ones. A free chunk keeps its free-list link
 * in the version field.
 */
final class EntryLayout {

    static final int VERSION_OFFSET = 0;
    static final int TIMES_OFFSET = 8;
    static final int LENGTHS_OFFSET = 16;
    static final int FLAGS_OFFSET = 20;
    static final int HEADER_LENGTH = 20;
    private static final int FLAGS_LENGTH = Integer.BYTES;

    static final int MAX_KEY_LENGTH = 250;
    static final int MAX_VALUE_LENGTH = (1 << 21) - 1;
    private static final int VALUE_LENGTH_MASK = MAX_VALUE_LENGTH;
    private static final int FLAGS_BIT = 1 << 22;
    private static final int TOMBSTONE_BIT = 1 << 23;
    private static final int KEY_LENGTH_SHIFT = 24;

    private static final int ACCESS_BITS = 21;
    private static final long ACCESS_MASK = (1L << ACCESS_BITS) - 1;
    /** The last expiry millisecond the 43 bits above the access time hold: in the year 2248. */
    static final long MAX_EXPIRES_AT = (1L << (Long.SIZE - ACCESS_BITS)) - 1;

    private EntryLayout() {
    }

    static int entryLength(int keyLength, int valueLength, int flags) {
        return headerLength(flags) + keyLength + valueLength;
    }

    /** The header length of an entry with these client flags: where its key starts. */
    static int headerLength(int flags) {
        return flags == 0 ? HEADER_LENGTH : HEADER_LENGTH + FLAGS_LENGTH;
    }

    static long version(long address) {
        return UNSAFE.getLong(address + VERSION_OFFSET);
    }

    static void version(long address, long version) {
        UNSAFE.putLong(address + VERSION_OFFSET, version);
    }

    static long expiresAt(long address) {
        return UNSAFE.getLong(address + TIMES_OFFSET) >>> ACCESS_BITS;
    }

    static boolean isExpired(long address, long nowMs) {
        final long expiresAt = expiresAt(address);
        return expiresAt != Store.NO_EXPIRY && expiresAt <= nowMs;
    }

    /**
     * Sets the expiry ({@link Store#NO_EXPIRY}, or epoch ms kept within 1 .. {@link #MAX_EXPIRES_AT}) and makes
     * {@code nowMs} the last access.
     */
    static void expiresAt(long address, long expiresAtMs, long nowMs) {
        long expiresAt = expiresAtMs;
        if (expiresAt != Store.NO_EXPIRY) {
            expiresAt = Math.min(Math.max(expiresAt, 1), MAX_EXPIRES_AT);
        }
        UNSAFE.putLong(address + TIMES_OFFSET, expiresAt << ACCESS_BITS | accessTime(nowMs));
    }

    /** Milliseconds since the last access, in whole seconds, exact below 2^21 s (24 days). */
    static long idleMs(long address, long nowMs) {
        final long access = UNSAFE.getLong(address + TIMES_OFFSET) & ACCESS_MASK;
        return ((accessTime(nowMs) - access) & ACCESS_MASK) * 1000;
    }

    static void lastAccess(long address, long nowMs) {
        final long times = UNSAFE.getLong(address + TIMES_OFFSET);
        UNSAFE.putLong(address + TIMES_OFFSET, times & ~ACCESS_MASK | accessTime(nowMs));
    }

    private static long accessTime(long nowMs) {
        return (nowMs / 1000) & ACCESS_MASK;
    }

    /** Epoch seconds of the write that created the entry: its version's wall clock. */
    static long createdAtSeconds(long address) {
        return VersionClock.wallClockMs(version(address)) / 1000;
    }

    static int flags(long address) {
        return (lengths(address) & FLAGS_BIT) != 0 ? UNSAFE.getInt(address + FLAGS_OFFSET) : 0;
    }

    /**
     * Writes the client flags when they are not 0, then the lengths word, which marks the chunk used. The key goes
     * {@link #headerLength(int)} bytes in for the same flags.
     */
    static void lengths(long address, int keyLength, int valueLength, int flags) {
        int lengths = keyLength << KEY_LENGTH_SHIFT | valueLength;
        if (flags != 0) {
            UNSAFE.putInt(address + FLAGS_OFFSET, flags);
            lengths |= FLAGS_BIT;
        }
        UNSAFE.putInt(address + LENGTHS_OFFSET, lengths);
    }

    /** Writes the lengths word of a tombstone: a key, no value and no flags. */
    static void tombstoneLengths(long address, int keyLength) {
        UNSAFE.putInt(address + LENGTHS_OFFSET, keyLength << KEY_LENGTH_SHIFT | TOMBSTONE_BIT);
    }

    /** The lengths word, so that a reader without a lock takes the lengths and the key offset from one read. */
    static int lengths(long address) {
        return UNSAFE.getInt(address + LENGTHS_OFFSET);
    }

    static int keyLengthOf(int lengths) {
        return lengths >>> KEY_LENGTH_SHIFT;
    }

    static int keyOffsetOf(int lengths) {
        return (lengths & FLAGS_BIT) != 0 ? HEADER_LENGTH + FLAGS_LENGTH : HEADER_LENGTH;
    }

    private static int valueLengthOf(int lengths) {
        return lengths & VALUE_LENGTH_MASK;
    }

    static int keyLength(long address) {
        return keyLengthOf(lengths(address));
    }

    static int valueLength(long address) {
        return valueLengthOf(lengths(address));
    }

    static boolean isTombstone(long address) {
        return (lengths(address) & TOMBSTONE_BIT) != 0;
    }

    /** Marks a chunk as holding no entry. */
    static void markFree(long address) {
        UNSAFE.putInt(address + LENGTHS_OFFSET, 0);
    }

    /**
     * The key length in a lengths word read from a chunk without a lock, or 0 when the chunk is free or the word is
     * not (yet) a plausible entry of that chunk size, so that hashing the key never reads past the chunk.
     */
    static int plausibleKeyLength(int lengths, int chunkSize) {
        final int keyLength = keyLengthOf(lengths);
        return keyLength > MAX_KEY_LENGTH || keyOffsetOf(lengths) + keyLength > chunkSize ? 0 : keyLength;
    }

    static long keyAddress(long address) {
        return address + keyOffsetOf(lengths(address));
    }

    static long valueAddress(long address) {
        final int lengths = lengths(address);
        return address + keyOffsetOf(lengths) + keyLengthOf(lengths);
    }

    static int length(long address) {
        final int lengths = lengths(address);
        return keyOffsetOf(lengths) + keyLengthOf(lengths) + valueLengthOf(lengths);
    }

    /** Compares the entry's key with {@code length} bytes at {@code (keyObject, keyAddress)} (heap or direct). */
    static boolean keyEquals(long address, Object keyObject, long keyAddress, int length) {
        final int lengths = lengths(address);
        if (keyLengthOf(lengths) != length) {
            return false;
        }
        final long entryKey = address + keyOffsetOf(lengths);
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
