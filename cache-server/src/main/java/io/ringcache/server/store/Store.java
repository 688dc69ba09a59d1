package io.ringcache.server.store;

import org.agrona.DirectBuffer;

/**
 * The node's key-value store: byte keys to byte values with flags, expiry and a version, held off-heap within a
 * fixed memory bound.
 *
 * <p>Every method is thread-safe and allocates nothing on the Java heap in steady state. Keys and values are passed
 * as views over caller-owned memory (a Netty buffer wrapped by an Agrona {@code UnsafeBuffer}); the store copies what
 * it keeps. Times are wall-clock milliseconds from the store's {@link org.agrona.concurrent.EpochClock}; an
 * {@code expiresAtMs} of {@link #NO_EXPIRY} means the entry never expires. An expired entry is never returned.
 *
 * <p>The caller (the protocol layer) has already checked the protocol limits: key length 1..250, value length up to
 * 1 MiB.
 *
 * <p>For replication, every write carries a version unique across the cluster (see {@link OffHeapStore}'s version
 * layout) and a delete leaves a tombstone: a versioned marker of the key's absence, kept until it expires, which
 * reads never return.
 */
public interface Store extends AutoCloseable {

    /** {@code expiresAtMs} value of an entry that never expires. */
    long NO_EXPIRY = 0;

    /** {@code casVersion} value of an unconditional put. */
    long ANY_VERSION = 0;

    /** {@link #put} result: a compare-and-set put named a key that is not there. */
    long PUT_NOT_FOUND = -1;

    /** {@link #put} result: a compare-and-set put named a version that is not the entry's current one. */
    long PUT_VERSION_MISMATCH = -2;

    /** {@link #put} result: the entry can never fit, even in an empty store of this memory bound. */
    long PUT_TOO_LARGE = -3;

    /**
     * Looks a key up. When it is present and not expired, refreshes its last-access time, hands it to
     * {@code reader} (the value view is only valid during that call) and returns true; otherwise returns false.
     */
    boolean get(DirectBuffer key, int keyOffset, int keyLength, EntryReader reader);

    /**
     * Stores a value, replacing any previous one, evicting other entries when memory is short.
     *
     * @param casVersion {@link #ANY_VERSION}, or the version the current entry must have for the put to happen
     * @return the new entry's version (always positive and larger than any version this store returned before), or
     *         one of {@link #PUT_NOT_FOUND}, {@link #PUT_VERSION_MISMATCH}, {@link #PUT_TOO_LARGE}
     */
    long put(DirectBuffer key, int keyOffset, int keyLength, DirectBuffer value, int valueOffset, int valueLength,
            int flags, long expiresAtMs, long casVersion);

    /**
     * Deletes a key: replaces its entry, or the nothing it holds, with a tombstone stamped with a fresh version that
     * expires after the store's tombstone time-to-live. When no memory can be found for the tombstone, the entry is
     * removed all the same and the version is still drawn, only not stored.
     *
     * @return the delete's version, positive when a live (unexpired, not deleted) entry was there and negated when
     *         none was; read it with {@link #deleteFoundLive} and {@link #deletedVersion}
     */
    long delete(DirectBuffer key, int keyOffset, int keyLength);

    /** Whether the {@link #delete} that returned {@code result} found a live entry. */
    static boolean deleteFoundLive(long result) {
        return result > 0;
    }

    /** The version of the {@link #delete} that returned {@code result}. */
    static long deletedVersion(long result) {
        return Math.abs(result);
    }

    /**
     * Sets a new expiry time on a live entry, keeping its version.
     *
     * @return the entry's version, or 0 when the key is absent, expired or deleted
     */
    long touch(DirectBuffer key, int keyOffset, int keyLength, long expiresAtMs);

    /**
     * The version of the key's tombstone when it holds an unexpired one, else 0: lets a node answer a read of a
     * deleted key with the version of its deletion.
     */
    long tombstoneVersion(DirectBuffer key, int keyOffset, int keyLength);

    /** Copies the current counters into {@code into} and returns it. */
    StoreStats stats(StoreStats into);

    /** Frees all off-heap memory. The store must not be used afterwards. */
    @Override
    void close();
}
