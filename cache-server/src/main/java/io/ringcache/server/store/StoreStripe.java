package io.ringcache.server.store;

import io.ringcache.server.eviction.EvictionPolicy;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One of the store's stripes: the keys whose hash falls in its range, with their own index, lock and counters, so
 * that threads working on different stripes never contend and a rehash only ever stalls one stripe.
 *
 * <p>Everything runs under the stripe's monitor. The only lock taken while holding it is the allocator's leaf lock
 * (to free chunks and pay for index growth), and no thread ever holds two stripe locks, so there is no lock cycle.
 * Entries are written into private chunks before {@link #publish} (or its variants for tombstones and replicated
 * records) makes them visible and are never modified after, except for their access time and expiry, which change
 * under this lock.
 *
 * <p>A key's index slot may hold a tombstone ({@link EntryLayout#isTombstone}): reads, touches and compare-and-set
 * treat it as absent, writes replace it, and it is counted apart from the live items.
 */
final class StoreStripe {

    /** {@link #evictIfPresent} result: the entry was no longer there. */
    static final int GONE = 0;
    /** {@link #evictIfPresent} result: the entry was evicted. */
    static final int EVICTED = 1;
    /** {@link #evictIfPresent} result: the entry had expired and was reclaimed. */
    static final int EXPIRED = 2;

    private final SlabAllocator allocator;
    private final VersionClock versions;
    private final EvictionPolicy policy;
    private final int samples;
    private final UnsafeBuffer keyView = new UnsafeBuffer();
    private final UnsafeBuffer valueView = new UnsafeBuffer();
    private OffHeapIndex index;
    private long foundAddress;

    private long hits;
    private long misses;
    private long evictions;
    private long expirations;
    private long liveBytes;
    private long tombstones;
    /** Entries and tombstones in the index that carry an expiry: while there are none, a sweep has nothing to do. */
    private long expiring;

    StoreStripe(SlabAllocator allocator, VersionClock versions, EvictionPolicy policy, int samples) {
        this.allocator = allocator;
        this.versions = versions;
        this.policy = policy;
        this.samples = samples;
        this.index = new OffHeapIndex(OffHeapIndex.MIN_CAPACITY);
    }

    synchronized boolean get(int tag, Object keyObject, long keyAddress, int keyLength, EntryReader reader,
            long nowMs) {
        if (findLive(tag, keyObject, keyAddress, keyLength, nowMs) < 0) {
            misses++;
            return false;
        }
        hits++;
        final long address = foundAddress;
        EntryLayout.lastAccess(address, nowMs);
        final int valueLength = EntryLayout.valueLength(address);
        final int flags = EntryLayout.flags(address);
        valueView.wrap(EntryLayout.valueAddress(address), valueLength);
        reader.read(flags, EntryLayout.expiresAt(address), EntryLayout.version(address), valueView, 0, valueLength);
        return true;
    }

    /** Checks a compare-and-set put before it allocates; returns 0 when it may go ahead, else the put's result. */
    synchronized long checkVersion(int tag, Object keyObject, long keyAddress, int keyLength, long casVersion,
            long nowMs) {
        final int at = findLive(tag, keyObject, keyAddress, keyLength, nowMs);
        if (at < 0) {
            return Store.PUT_NOT_FOUND;
        }
        return EntryLayout.version(foundAddress) == casVersion ? 0 : Store.PUT_VERSION_MISMATCH;
    }

    /**
     * Makes a fully written private chunk the key's entry, replacing any previous one, and stamps its version.
     * When the compare-and-set fails the chunk is freed and the failure returned.
     */
    synchronized long publish(int tag, Object keyObject, long keyAddress, int keyLength, long chunk, long casVersion,
            long nowMs) {
        final int at = find(tag, keyObject, keyAddress, keyLength, nowMs);
        if (casVersion != Store.ANY_VERSION) {
            final boolean live = at >= 0 && !EntryLayout.isTombstone(foundAddress);
            if (!live || EntryLayout.version(foundAddress) != casVersion) {
                allocator.free(chunk);
                return live ? Store.PUT_VERSION_MISMATCH : Store.PUT_NOT_FOUND;
            }
        }
        final long version = versions.next(nowMs);
        EntryLayout.version(allocator.address(chunk), version);
        install(at, tag, chunk, nowMs);
        return version;
    }

    /**
     * Makes a fully written tombstone chunk the key's entry, replacing any previous one, and stamps its version; with
     * a {@code chunk} of -1 (no memory for a tombstone) it only removes a live entry. Returns the version, negated when
     * no live entry was there.
     */
    synchronized long publishTombstone(int tag, Object keyObject, long keyAddress, int keyLength, long chunk,
            long nowMs) {
        final int at = find(tag, keyObject, keyAddress, keyLength, nowMs);
        final boolean live = at >= 0 && !EntryLayout.isTombstone(foundAddress);
        final long version = versions.next(nowMs);
        if (chunk >= 0) {
            EntryLayout.version(allocator.address(chunk), version);
            install(at, tag, chunk, nowMs);
        } else if (live) {
            remove(at);
        }
        return live ? version : -version;
    }

    /**
     * Whether the key holds an entry or tombstone, expired or not yet reclaimed, of {@code version} or newer: the
     * check a replicated record makes before it allocates, and again when publishing.
     */
    synchronized boolean holdsAtLeast(int tag, Object keyObject, long keyAddress, int keyLength, long version) {
        final int at = probe(tag, keyObject, keyAddress, keyLength);
        return at >= 0 && EntryLayout.version(foundAddress) >= version;
    }

    /**
     * Makes a fully written, already versioned chunk (a replicated entry or tombstone) the key's entry unless the key
     * holds that version or a newer one, in which case the chunk is freed. Returns {@link Store#APPLIED} or
     * {@link Store#STALE}.
     */
    synchronized long publishApplied(int tag, Object keyObject, long keyAddress, int keyLength, long chunk,
            long nowMs) {
        int at = probe(tag, keyObject, keyAddress, keyLength);
        if (at >= 0 && EntryLayout.version(foundAddress) >= EntryLayout.version(allocator.address(chunk))) {
            allocator.free(chunk);
            return Store.STALE;
        }
        if (at >= 0 && EntryLayout.isExpired(foundAddress, nowMs)) {
            reclaimExpired(at);
            at = -1;
        }
        install(at, tag, chunk, nowMs);
        return Store.APPLIED;
    }

    /**
     * Applies a replicated record that leaves the key absent without storing anything (it expired on arrival, or no
     * memory was left for its tombstone): removes a live entry older than {@code version}. A held tombstone stays, as
     * it still stands for the key's absence. Returns {@link Store#APPLIED} or {@link Store#STALE}.
     */
    synchronized long supersede(int tag, Object keyObject, long keyAddress, int keyLength, long version,
            long nowMs) {
        final int at = probe(tag, keyObject, keyAddress, keyLength);
        if (at < 0) {
            return Store.APPLIED;
        }
        if (EntryLayout.version(foundAddress) >= version) {
            return Store.STALE;
        }
        if (EntryLayout.isExpired(foundAddress, nowMs)) {
            reclaimExpired(at);
        } else if (!EntryLayout.isTombstone(foundAddress)) {
            remove(at);
        }
        return Store.APPLIED;
    }

    /** Sets a live entry's expiry; returns its version, or 0 when the key is absent, expired or a tombstone. */
    synchronized long touch(int tag, Object keyObject, long keyAddress, int keyLength, long expiresAtMs,
            long nowMs) {
        if (findLive(tag, keyObject, keyAddress, keyLength, nowMs) < 0) {
            return 0;
        }
        changeExpiry(foundAddress, expiresAtMs, nowMs);
        return EntryLayout.version(foundAddress);
    }

    /** Sets a live entry's expiry only when its version is {@code version}; returns whether it did. */
    synchronized boolean applyTouch(int tag, Object keyObject, long keyAddress, int keyLength, long version,
            long expiresAtMs, long nowMs) {
        if (findLive(tag, keyObject, keyAddress, keyLength, nowMs) < 0
                || EntryLayout.version(foundAddress) != version) {
            return false;
        }
        changeExpiry(foundAddress, expiresAtMs, nowMs);
        return true;
    }

    /** The version of the key's unexpired tombstone, or 0 when it holds none. */
    synchronized long tombstoneVersion(int tag, Object keyObject, long keyAddress, int keyLength, long nowMs) {
        final int at = find(tag, keyObject, keyAddress, keyLength, nowMs);
        return at >= 0 && EntryLayout.isTombstone(foundAddress) ? EntryLayout.version(foundAddress) : 0;
    }

    /**
     * Hands every unexpired entry and tombstone to {@code visitor}, in index order, without touching access times or
     * reclaiming anything (which would move slots under the walk).
     */
    synchronized void scan(EntryVisitor visitor, long nowMs) {
        if (index == null) {
            throw new IllegalStateException("store is closed");
        }
        for (int i = 0; i < index.capacity(); i++) {
            final long slot = index.slotAt(i);
            if (slot == 0) {
                continue;
            }
            final long address = allocator.address(OffHeapIndex.entryOffset(slot));
            if (EntryLayout.isExpired(address, nowMs)) {
                continue;
            }
            final int keyLength = EntryLayout.keyLength(address);
            final int valueLength = EntryLayout.valueLength(address);
            final long keyCopy = EntryLayout.keyAddress(address);
            keyView.wrap(keyCopy, keyLength);
            valueView.wrap(keyCopy + keyLength, valueLength);
            visitor.visit(HashBits.hash(keyCopy, keyLength), EntryLayout.isTombstone(address),
                    EntryLayout.version(address), EntryLayout.expiresAt(address), EntryLayout.flags(address), keyView,
                    0, keyLength, valueView, 0, valueLength);
        }
    }

    /**
     * Removes the entry at arena offset {@code chunk} if this stripe still holds it with that version: the check an
     * evictor that sampled the chunk without a lock must make. Returns {@link #GONE}, {@link #EVICTED} or
     * {@link #EXPIRED}.
     */
    synchronized int evictIfPresent(long chunk, int tag, long version, long nowMs) {
        if (index == null) {
            return GONE;
        }
        final int at = index.find(tag, chunk);
        if (at < 0) {
            return GONE;
        }
        final long address = allocator.address(chunk);
        if (EntryLayout.version(address) != version) {
            return GONE;
        }
        if (EntryLayout.isExpired(address, nowMs)) {
            reclaimExpired(at);
            return EXPIRED;
        }
        remove(at);
        evictions++;
        return EVICTED;
    }

    /**
     * Reclaims the expired entries among {@code count} slots from {@code from}; returns how many it reclaimed. Once a
     * sweep reaches the table's end it also shrinks a table left sparse, so the index's memory follows the data.
     * While no entry carries an expiry the slots are not read at all (each would cost a cache miss on the entry's
     * header), so a cache used without TTLs pays nothing for the sweep.
     */
    synchronized int sweep(int from, int count, long nowMs) {
        if (index == null) {
            return 0;
        }
        final int end = Math.min(index.capacity(), from + count);
        int reclaimed = 0;
        int i = expiring == 0 ? end : from;
        while (i < end) {
            final long slot = index.slotAt(i);
            if (slot != 0 && EntryLayout.isExpired(allocator.address(OffHeapIndex.entryOffset(slot)), nowMs)) {
                // backward shift may move a later entry into slot i, so look at it again
                reclaimExpired(i);
                reclaimed++;
            } else {
                i++;
            }
        }
        if (end == index.capacity()) {
            shrinkIfSparse();
        }
        return reclaimed;
    }

    synchronized int capacity() {
        return index == null ? 0 : index.capacity();
    }

    /**
     * Index bytes a put needs to grow this stripe's table, or 0 when the table still has room for one more entry;
     * read without the lock, as a hint.
     */
    long growthBytesHint() {
        final OffHeapIndex current = index;
        return current != null && current.isFull() && current.capacity() < OffHeapIndex.MAX_CAPACITY
            ? OffHeapIndex.bytesFor(OffHeapIndex.grownCapacity(current.capacity())) : 0;
    }

    synchronized void addTo(StoreStats stats) {
        if (index != null) {
            stats.items += index.size() - tombstones;
        }
        stats.tombstones += tombstones;
        stats.expiring += expiring;
        stats.hits += hits;
        stats.misses += misses;
        stats.evictions += evictions;
        stats.expirations += expirations;
        stats.liveBytes += liveBytes;
    }

    /** Frees the index; every later call fails, and the entries' chunks go with the allocator's arena. */
    synchronized void close() {
        if (index != null) {
            index.free();
            index = null;
        }
    }

    /** The slot of the key's live entry (not a tombstone), with its address in {@link #foundAddress}, or -1. */
    private int findLive(int tag, Object keyObject, long keyAddress, int keyLength, long nowMs) {
        final int at = find(tag, keyObject, keyAddress, keyLength, nowMs);
        return at >= 0 && EntryLayout.isTombstone(foundAddress) ? -1 : at;
    }

    /**
     * The slot of the key's unexpired entry or tombstone, with its address in {@link #foundAddress}, or -1; an
     * expired one found on the way is reclaimed.
     */
    private int find(int tag, Object keyObject, long keyAddress, int keyLength, long nowMs) {
        final int at = probe(tag, keyObject, keyAddress, keyLength);
        if (at >= 0 && EntryLayout.isExpired(foundAddress, nowMs)) {
            reclaimExpired(at);
            return -1;
        }
        return at;
    }

    /** The slot of the key's entry or tombstone, expired or not, with its address in {@link #foundAddress}, or -1. */
    private int probe(int tag, Object keyObject, long keyAddress, int keyLength) {
        final OffHeapIndex table = index;
        if (table == null) {
            throw new IllegalStateException("store is closed");
        }
        for (int i = table.home(tag); ; i = table.next(i)) {
            final long slot = table.slotAt(i);
            if (slot == 0) {
                return -1;
            }
            if (OffHeapIndex.tag(slot) == tag) {
                final long address = allocator.address(OffHeapIndex.entryOffset(slot));
                if (EntryLayout.keyEquals(address, keyObject, keyAddress, keyLength)) {
                    foundAddress = address;
                    return i;
                }
            }
        }
    }

    /**
     * Puts a published chunk in the index: in slot {@code at}, freeing the entry there, or, when {@code at} is -1, in
     * a new slot.
     */
    private void install(int at, int tag, long chunk, long nowMs) {
        final long slot = OffHeapIndex.slot(chunk, tag);
        if (at >= 0) {
            final long previous = OffHeapIndex.entryOffset(index.slotAt(at));
            uncount(allocator.address(previous));
            index.replace(at, slot);
            allocator.free(previous);
        } else {
            makeRoomForOne(nowMs);
            index.insert(slot);
        }
        count(allocator.address(chunk));
    }

    private void remove(int at) {
        final long chunk = OffHeapIndex.entryOffset(index.slotAt(at));
        uncount(allocator.address(chunk));
        index.remove(at);
        allocator.free(chunk);
    }

    /** Removes an expired entry; only entries count as expirations, as every tombstone ends that way. */
    private void reclaimExpired(int at) {
        if (!EntryLayout.isTombstone(allocator.address(OffHeapIndex.entryOffset(index.slotAt(at))))) {
            expirations++;
        }
        remove(at);
    }

    private void count(long address) {
        liveBytes += EntryLayout.length(address);
        if (EntryLayout.isTombstone(address)) {
            tombstones++;
        }
        if (EntryLayout.expiresAt(address) != Store.NO_EXPIRY) {
            expiring++;
        }
    }

    private void uncount(long address) {
        liveBytes -= EntryLayout.length(address);
        if (EntryLayout.isTombstone(address)) {
            tombstones--;
        }
        if (EntryLayout.expiresAt(address) != Store.NO_EXPIRY) {
            expiring--;
        }
    }

    private void changeExpiry(long address, long expiresAtMs, long nowMs) {
        final boolean hadExpiry = EntryLayout.expiresAt(address) != Store.NO_EXPIRY;
        EntryLayout.expiresAt(address, expiresAtMs, nowMs);
        final boolean hasExpiry = EntryLayout.expiresAt(address) != Store.NO_EXPIRY;
        if (hadExpiry != hasExpiry) {
            expiring += hasExpiry ? 1 : -1;
        }
    }

    private void makeRoomForOne(long nowMs) {
        if (index.wantsToGrow() && index.capacity() < OffHeapIndex.MAX_CAPACITY) {
            resize(OffHeapIndex.grownCapacity(index.capacity()));
        }
        if (index.isFull()) {
            evictOne(nowMs);
        }
    }

    private void shrinkIfSparse() {
        int capacity = index.capacity();
        while (capacity > OffHeapIndex.MIN_CAPACITY && index.size() <= capacity / 8) {
            capacity = Math.max(OffHeapIndex.MIN_CAPACITY, capacity / 2);
        }
        if (capacity != index.capacity()) {
            resize(capacity);
        }
    }

    /** Moves the table to a new capacity when the budget can pay for both tables during the copy. */
    private void resize(int capacity) {
        final long bytes = OffHeapIndex.bytesFor(capacity);
        if (!allocator.tryReserve(bytes)) {
            return;
        }
        final OffHeapIndex resized = new OffHeapIndex(capacity);
        index.copyInto(resized);
        index.free();
        allocator.release(index.bytes());
        index = resized;
    }

    /** Evicts within this stripe when its table is full and the budget refuses to grow it. */
    private void evictOne(long nowMs) {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final int capacity = index.capacity();
        int victim = -1;
        long victimScore = -1;
        int i = random.nextInt(capacity);
        for (int sampled = 0; sampled < samples; i = index.next(i)) {
            final long slot = index.slotAt(i);
            if (slot == 0) {
                continue;
            }
            sampled++;
            final long address = allocator.address(OffHeapIndex.entryOffset(slot));
            if (EntryLayout.isExpired(address, nowMs)) {
                reclaimExpired(i);
                return;
            }
            final long idleMs = EntryLayout.idleMs(address, nowMs);
            final long score = policy.score(nowMs, idleMs, EntryLayout.createdAtSeconds(address),
                    EntryLayout.expiresAt(address));
            if (score > victimScore) {
                victimScore = score;
                victim = i;
            }
        }
        remove(victim);
        evictions++;
    }
}
