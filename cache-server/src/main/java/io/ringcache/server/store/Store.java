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
 * reads never return but which stops an older replicated write from bringing the key back. Replicas take writes
 * through {@link #apply}, {@link #applyTombstone} and {@link #applyTouch}, which keep the newer version of a key, and
 * a node streams a range of keys to a new owner with {@link #scanStripe}.
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

    /**
     * {@link #put} and {@link #apply} result: the entry can never fit, even in an empty store of this memory bound, or
     * no room could be made for it.
     */
    long PUT_TOO_LARGE = -3;

    /** {@link #apply} and {@link #applyTombstone} result: the record was newer than what the key held and took over. */
    long APPLIED = 1;

    /** {@link #apply} and {@link #applyTombstone} result: the key held that version or a newer one; nothing changed. */
    long STALE = 0;

    /**
     * Looks a key up. When it is present and not expired, refreshes its last-access time, hands it to
     * {@code reader} (the value view is only valid during that call) and returns true; otherwise returns false.
     */
    boolean get(DirectBuffer key, int keyOffset, int keyLength, EntryReader reader);

    /**
     * Stores a value, replacing any previous one, evicting other entries when memory is short.
     *
     * @param casVersion {@link #ANY_VERSION}, or the version the current entry must have for the put to happen
     * @return the new entry's version (always positive and larger than any version this store returned or applied
     *         before), or one of {@link #PUT_NOT_FOUND}, {@link #PUT_VERSION_MISMATCH}, {@link #PUT_TOO_LARGE}
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
     * Stores a replicated entry with exactly {@code version}, unless the key holds that version or a newer one (an
     * entry or a tombstone; an expired one not yet reclaimed counts too). Afterwards the store's own versions are
     * greater than {@code version}, whatever the outcome. A record that has already expired on arrival is stored as
     * nothing: it still removes an older live entry (the key is absent on the sender too) and returns
     * {@link #APPLIED}, or returns {@link #STALE}.
     *
     * @param version the sender's version of the entry; positive
     * @return {@link #APPLIED}, {@link #STALE} or {@link #PUT_TOO_LARGE} (no room; what the key held stays)
     */
    long apply(DirectBuffer key, int keyOffset, int keyLength, DirectBuffer value, int valueOffset, int valueLength,
            int flags, long expiresAtMs, long version);

    /**
     * Stores a replicated tombstone with exactly {@code version} under the same rule as {@link #apply}. When no
     * memory can be found for it, an older live entry is removed all the same and the result is {@link #APPLIED}.
     *
     * @param version the delete's version; positive
     * @param expiresAtMs the sender's tombstone expiry, or {@link #NO_EXPIRY} for now plus the store's tombstone
     *        time-to-live
     * @return {@link #APPLIED} or {@link #STALE}
     */
    long applyTombstone(DirectBuffer key, int keyOffset, int keyLength, long version, long expiresAtMs);

    /**
     * Sets a new expiry time on a live entry only if its version is {@code version}: a replicated touch, which must
     * not extend a newer write it was not made on. Keeps the version.
     *
     * @return whether it set the expiry
     */
    boolean applyTouch(DirectBuffer key, int keyOffset, int keyLength, long version, long expiresAtMs);

    /**
     * The version of the key's tombstone when it holds an unexpired one, else 0: lets a node answer a read of a
     * deleted key with the version of its deletion.
     */
    long tombstoneVersion(DirectBuffer key, int keyOffset, int keyLength);

    /** How many stripes {@link #scanStripe} walks; stripes are numbered {@code 0 .. stripeCount() - 1}. */
    int stripeCount();

    /**
     * Hands every unexpired entry and tombstone of one stripe to {@code visitor}, under that stripe's lock (writes to
     * its keys wait meanwhile). Access times are not changed. The visitor must only copy and return; see
     * {@link EntryVisitor}.
     */
    void scanStripe(int stripe, EntryVisitor visitor);

    /** Copies the current counters into {@code into} and returns it. */
    StoreStats stats(StoreStats into);

    /** Frees all off-heap memory. The store must not be used afterwards. */
    @Override
    void close();
}
