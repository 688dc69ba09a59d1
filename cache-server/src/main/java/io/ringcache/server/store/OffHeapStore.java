package io.ringcache.server.store;

import static org.agrona.UnsafeAccess.UNSAFE;

import io.ringcache.server.eviction.EvictionPolicy;
import io.ringcache.server.eviction.LruPolicy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;

/**
 * The node's {@link Store}: entries in a slab-allocated off-heap arena, found through 64 striped open-addressing
 * indexes, within a memory bound counted exactly (index bytes + page bytes held).
 *
 * <p>A key's xxHash64 picks its stripe (top bits) and its index tag (low bits); see {@link HashBits}. Every call
 * locks only the key's stripe. A put never holds two locks that could form a cycle: it first gets a chunk
 * from the {@link SlabAllocator} with no stripe lock held (the {@link Evictor} may then evict from other stripes one
 * at a time), writes the entry into that private chunk, and only then locks the key's stripe to publish it and free
 * the entry it replaces. A compare-and-set put is checked once before allocating, so a doomed put does not evict, and
 * again when publishing.
 *
 * <p>An {@link EntryReader} runs under the key's stripe lock: it must copy the value out and return, and never call
 * the store (holding two stripe locks could deadlock).
 *
 * <p>Expired entries are never returned: every access checks expiry and reclaims what it finds expired. The
 * {@link ExpirySweeper} reclaims the rest in the background.
 *
 * <p>Indexes are separate {@code allocateMemory} blocks rather than arena pages (their bytes count in the budget all
 * the same), because an index must be contiguous and grows by doubling, which pages cannot serve. Versions are
 * stamped by a store-wide {@link VersionClock} under the key's stripe lock, so they increase per key and across the
 * store in the order puts are published. A version is {@code (wall-clock ms << 16) | (sequence << 8) | versionTag}:
 * the node's tag (0..255) in the low byte makes versions unique across a cluster whose nodes have distinct tags.
 *
 * <p>Deletes and replicated records follow the put's discipline: the tombstone or record is written into a chunk
 * taken with no stripe lock held, and published under the key's stripe lock, where the version rule is checked. A
 * delete writes its tombstone whether or not the key held anything, so that it also stops older writes still on their
 * way. Tombstones are entries like any other for memory, eviction and expiry (after {@code tombstoneTtlMs}); one
 * evicted early only weakens that guard. A replicated record is checked against what the key holds once before
 * allocating, so that a stale one (replays are common) does not evict, and again when publishing. A replicated
 * record's version is observed by the {@link VersionClock} before it is published, so a later local write of the key
 * always gets a newer version.
 */
public final class OffHeapStore implements Store {

    /** Samples per eviction round, as Redis's {@code maxmemory-samples}. */
    public static final int DEFAULT_EVICTION_SAMPLES = 5;
    /**
     * How long a delete's tombstone is kept: longer than a replicated write can plausibly be in flight or a replica be
     * behind, short enough that deleted keys do not hold memory for long.
     */
    public static final long DEFAULT_TOMBSTONE_TTL_MS = 60_000;
    /** Rounds a put retries making room while nothing can be evicted (all chunks in flight) before it gives up. */
    private static final int MAX_FRUITLESS_ROUNDS = 1000;
    /** The indexes of an empty store. */
    private static final long MIN_INDEX_BYTES = HashBits.STRIPES * OffHeapIndex.bytesFor(OffHeapIndex.MIN_CAPACITY);

    private final long maxMemory;
    private final EpochClock clock;
    private final long tombstoneTtlMs;
    private final SlabAllocator allocator;
    private final VersionClock versions;
    private final StoreStripe[] stripes = new StoreStripe[HashBits.STRIPES];
    private final Evictor evictor;
    private volatile boolean closed;

    public OffHeapStore(long maxMemory, EpochClock clock) {
        this(maxMemory, clock, new LruPolicy(), DEFAULT_EVICTION_SAMPLES);
    }

    public OffHeapStore(long maxMemory, EpochClock clock, EvictionPolicy policy, int evictionSamples) {
        this(maxMemory, clock, policy, evictionSamples, 0, DEFAULT_TOMBSTONE_TTL_MS);
    }

    /**
     * @param versionTag the node's tag, 0..255, in the low byte of every version this store stamps
     * @param tombstoneTtlMs how long a delete's tombstone is kept; positive
     */
    public OffHeapStore(long maxMemory, EpochClock clock, EvictionPolicy policy, int evictionSamples, int versionTag,
            long tombstoneTtlMs) {
        this(maxMemory, clock, policy, evictionSamples, versionTag, tombstoneTtlMs, SlabAllocator.DEFAULT_PAGE_SIZE);
    }

    OffHeapStore(long maxMemory, EpochClock clock, EvictionPolicy policy, int evictionSamples, int versionTag,
            long tombstoneTtlMs, int pageSize) {
        if (maxMemory < MIN_INDEX_BYTES) {
            throw new IllegalArgumentException("max memory must be at least " + MIN_INDEX_BYTES + " bytes, was "
                + maxMemory);
        }
        if (evictionSamples < 1) {
            throw new IllegalArgumentException("eviction samples must be positive, was " + evictionSamples);
        }
        if (tombstoneTtlMs < 1) {
            throw new IllegalArgumentException("tombstone time-to-live must be positive, was " + tombstoneTtlMs);
        }
        this.versions = new VersionClock(versionTag);
        this.maxMemory = maxMemory;
        this.clock = clock;
        this.tombstoneTtlMs = tombstoneTtlMs;
        this.allocator = new SlabAllocator(maxMemory, pageSize);
        for (int i = 0; i < stripes.length; i++) {
            allocator.tryReserve(OffHeapIndex.bytesFor(OffHeapIndex.MIN_CAPACITY));
            stripes[i] = new StoreStripe(allocator, versions, policy, evictionSamples);
        }
        this.evictor = new Evictor(allocator, stripes, policy, clock, evictionSamples);
    }

    @Override
    public boolean get(DirectBuffer key, int keyOffset, int keyLength, EntryReader reader) {
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        return stripes[HashBits.stripe(hash)].get(HashBits.tag(hash), key.byteArray(), key.addressOffset() + keyOffset,
            keyLength, reader, clock.time());
    }

    @Override
    public long put(DirectBuffer key, int keyOffset, int keyLength, DirectBuffer value, int valueOffset,
            int valueLength, int flags, long expiresAtMs, long casVersion) {
        checkWritable(keyLength);
        final int sizeClass = sizeClassOf(keyLength, valueLength, flags);
        if (sizeClass < 0) {
            return PUT_TOO_LARGE;
        }
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        final StoreStripe stripe = stripes[HashBits.stripe(hash)];
        final int tag = HashBits.tag(hash);
        final Object keyObject = key.byteArray();
        final long keyAddress = key.addressOffset() + keyOffset;
        if (casVersion != ANY_VERSION) {
            final long refused = stripe.checkVersion(tag, keyObject, keyAddress, keyLength, casVersion, clock.time());
            if (refused != 0) {
                return refused;
            }
        }
        final long chunk = allocate(stripe, sizeClass);
        if (chunk < 0) {
            return PUT_TOO_LARGE;
        }
        final long now = clock.time();
        writeEntry(chunk, keyObject, keyAddress, keyLength, value, valueOffset, valueLength, flags, expiresAtMs, now);
        return stripe.publish(tag, keyObject, keyAddress, keyLength, chunk, casVersion, now);
    }

    @Override
    public long delete(DirectBuffer key, int keyOffset, int keyLength) {
        checkWritable(keyLength);
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        final StoreStripe stripe = stripes[HashBits.stripe(hash)];
        final Object keyObject = key.byteArray();
        final long keyAddress = key.addressOffset() + keyOffset;
        final int sizeClass = sizeClassOf(keyLength, 0, 0);
        final long chunk = sizeClass < 0 ? -1 : allocate(stripe, sizeClass);
        final long now = clock.time();
        if (chunk >= 0) {
            writeTombstone(chunk, keyObject, keyAddress, keyLength, now + tombstoneTtlMs, now);
        }
        return stripe.publishTombstone(HashBits.tag(hash), keyObject, keyAddress, keyLength, chunk, now);
    }

    @Override
    public long touch(DirectBuffer key, int keyOffset, int keyLength, long expiresAtMs) {
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        final StoreStripe stripe = stripes[HashBits.stripe(hash)];
        return stripe.touch(HashBits.tag(hash), key.byteArray(), key.addressOffset() + keyOffset, keyLength,
            expiresAtMs, clock.time());
    }

    @Override
    public long apply(DirectBuffer key, int keyOffset, int keyLength, DirectBuffer value, int valueOffset,
            int valueLength, int flags, long expiresAtMs, long version) {
        checkWritable(keyLength);
        checkVersion(version);
        versions.observe(version);
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        final StoreStripe stripe = stripes[HashBits.stripe(hash)];
        final int tag = HashBits.tag(hash);
        final Object keyObject = key.byteArray();
        final long keyAddress = key.addressOffset() + keyOffset;
        long now = clock.time();
        if (expiresAtMs != NO_EXPIRY && expiresAtMs <= now) {
            return stripe.supersede(tag, keyObject, keyAddress, keyLength, version, now);
        }
        if (stripe.holdsAtLeast(tag, keyObject, keyAddress, keyLength, version)) {
            return STALE;
        }
        final int sizeClass = sizeClassOf(keyLength, valueLength, flags);
        final long chunk = sizeClass < 0 ? -1 : allocate(stripe, sizeClass);
        if (chunk < 0) {
            return PUT_TOO_LARGE;
        }
        now = clock.time();
        writeEntry(chunk, keyObject, keyAddress, keyLength, value, valueOffset, valueLength, flags, expiresAtMs, now);
        EntryLayout.version(allocator.address(chunk), version);
        return stripe.publishApplied(tag, keyObject, keyAddress, keyLength, chunk, now);
    }

    @Override
    public long applyTombstone(DirectBuffer key, int keyOffset, int keyLength, long version, long expiresAtMs) {
        checkWritable(keyLength);
        checkVersion(version);
        versions.observe(version);
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        final StoreStripe stripe = stripes[HashBits.stripe(hash)];
        final int tag = HashBits.tag(hash);
        final Object keyObject = key.byteArray();
        final long keyAddress = key.addressOffset() + keyOffset;
        long now = clock.time();
        final long expiresAt = expiresAtMs == NO_EXPIRY ? now + tombstoneTtlMs : expiresAtMs;
        if (expiresAt <= now) {
            return stripe.supersede(tag, keyObject, keyAddress, keyLength, version, now);
        }
        if (stripe.holdsAtLeast(tag, keyObject, keyAddress, keyLength, version)) {
            return STALE;
        }
        final int sizeClass = sizeClassOf(keyLength, 0, 0);
        final long chunk = sizeClass < 0 ? -1 : allocate(stripe, sizeClass);
        now = clock.time();
        if (chunk < 0) {
            return stripe.supersede(tag, keyObject, keyAddress, keyLength, version, now);
        }
        writeTombstone(chunk, keyObject, keyAddress, keyLength, expiresAt, now);
        EntryLayout.version(allocator.address(chunk), version);
        return stripe.publishApplied(tag, keyObject, keyAddress, keyLength, chunk, now);
    }

    @Override
    public boolean applyTouch(DirectBuffer key, int keyOffset, int keyLength, long version, long expiresAtMs) {
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        final StoreStripe stripe = stripes[HashBits.stripe(hash)];
        return stripe.applyTouch(HashBits.tag(hash), key.byteArray(), key.addressOffset() + keyOffset, keyLength,
            version, expiresAtMs, clock.time());
    }

    @Override
    public long tombstoneVersion(DirectBuffer key, int keyOffset, int keyLength) {
        final long hash = HashBits.hash(key, keyOffset, keyLength);
        final StoreStripe stripe = stripes[HashBits.stripe(hash)];
        return stripe.tombstoneVersion(HashBits.tag(hash), key.byteArray(), key.addressOffset() + keyOffset,
            keyLength, clock.time());
    }

    @Override
    public int stripeCount() {
        return stripes.length;
    }

    @Override
    public void scanStripe(int stripe, EntryVisitor visitor) {
        stripes[stripe].scan(visitor, clock.time());
    }

    @Override
    public StoreStats stats(StoreStats into) {
        into.items = 0;
        into.hits = 0;
        into.misses = 0;
        into.evictions = 0;
        into.expirations = 0;
        into.liveBytes = 0;
        into.tombstones = 0;
        into.expiring = 0;
        for (final StoreStripe stripe : stripes) {
            stripe.addTo(into);
        }
        into.maxMemory = maxMemory;
        into.usedMemory = allocator.usedMemory();
        into.indexMemory = allocator.indexMemory();
        return into;
    }

    /**
     * Frees all off-heap memory; stop any {@link ExpirySweeper} first, and make no other call concurrently. Later
     * calls fail with {@link IllegalStateException}; closing twice does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final StoreStripe stripe : stripes) {
            stripe.close();
        }
        allocator.close();
    }

    /** Reclaims expired entries among a stripe's slots {@code [from, from + count)}; see {@link ExpirySweeper}. */
    int sweep(int stripe, int from, int count) {
        return stripes[stripe].sweep(from, count, clock.time());
    }

    int stripeCapacity(int stripe) {
        return stripes[stripe].capacity();
    }

    private void checkWritable(int keyLength) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        if (keyLength < 1 || keyLength > EntryLayout.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key length must be 1..250, was " + keyLength);
        }
    }

    private static void checkVersion(long version) {
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, was " + version);
        }
    }

    /** The size class of an entry, or -1 when it can never be stored. */
    private int sizeClassOf(int keyLength, int valueLength, int flags) {
        if (valueLength > EntryLayout.MAX_VALUE_LENGTH || !allocator.pageFitsAlongside(MIN_INDEX_BYTES)) {
            return -1;
        }
        return allocator.sizeClasses().classOf(EntryLayout.entryLength(keyLength, valueLength, flags));
    }

    /** A private chunk for an entry of the key's stripe, evicting as needed, or -1 when no room can be made. */
    private long allocate(StoreStripe stripe, int sizeClass) {
        final long growthBytes = stripe.growthBytesHint();
        if (growthBytes > 0) {
            // draining a page costs many entries, so do it only once the table cannot take more without evicting
            evictor.freeBytes(growthBytes);
        }
        return allocate(sizeClass);
    }

    /**
     * Writes everything of an entry but its version into a private chunk, the lengths (which mark it used) last. Its
     * creation time is its version's.
     */
    private void writeEntry(long chunk, Object keyObject, long keyAddress, int keyLength, DirectBuffer value,
            int valueOffset, int valueLength, int flags, long expiresAtMs, long nowMs) {
        final long address = writeHeaderAndKey(chunk, keyObject, keyAddress, keyLength, flags, expiresAtMs, nowMs);
        final long valueAddress = value.addressOffset() + valueOffset;
        final long valueCopy = address + EntryLayout.headerLength(flags) + keyLength;
        UNSAFE.copyMemory(value.byteArray(), valueAddress, null, valueCopy, valueLength);
        EntryLayout.lengths(address, keyLength, valueLength, flags);
    }

    /** Writes everything of a tombstone but its version into a private chunk. */
    private void writeTombstone(long chunk, Object keyObject, long keyAddress, int keyLength, long expiresAtMs,
            long nowMs) {
        final long address = writeHeaderAndKey(chunk, keyObject, keyAddress, keyLength, 0, expiresAtMs, nowMs);
        EntryLayout.tombstoneLengths(address, keyLength);
    }

    private long writeHeaderAndKey(long chunk, Object keyObject, long keyAddress, int keyLength, int flags,
            long expiresAtMs, long nowMs) {
        final long address = allocator.address(chunk);
        EntryLayout.expiresAt(address, expiresAtMs, nowMs);
        UNSAFE.copyMemory(keyObject, keyAddress, null, address + EntryLayout.headerLength(flags), keyLength);
        return address;
    }

    private long allocate(int sizeClass) {
        int fruitless = 0;
        while (true) {
            final long chunk = allocator.allocate(sizeClass);
            if (chunk >= 0) {
                return chunk;
            }
            if (evictor.makeRoom(sizeClass)) {
                fruitless = 0;
            } else if (++fruitless > MAX_FRUITLESS_ROUNDS) {
                return -1;
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
