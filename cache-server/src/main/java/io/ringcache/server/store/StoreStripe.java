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
 * Entries are written into private chunks before {@link #publish} makes them visible and are never modified after,
 * except for their access time and expiry, which change under this lock.
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
    private final UnsafeBuffer valueView = new UnsafeBuffer();
    private OffHeapIndex index;
    private long foundAddress;

    private long hits;
    private long misses;
    private long evictions;
    private long expirations;
    private long liveBytes;

    StoreStripe(SlabAllocator allocator, VersionClock versions, EvictionPolicy policy, int samples) {
        this.allocator = allocator;
        this.versions = versions;
        this.policy = policy;
        this.samples = samples;
        this.index = new OffHeapIndex(OffHeapIndex.MIN_CAPACITY);
    }

    synchronized boolean get(int tag, Object keyObject, long keyAddress, int keyLength, EntryReader reader,
            long nowMs) {
        final int at = findLive(tag, keyObject, keyAddress, keyLength, nowMs);
        if (at < 0) {
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
        final int at = findLive(tag, keyObject, keyAddress, keyLength, nowMs);
        if (casVersion != Store.ANY_VERSION && (at < 0 || EntryLayout.version(foundAddress) != casVersion)) {
            allocator.free(chunk);
            return at < 0 ? Store.PUT_NOT_FOUND : Store.PUT_VERSION_MISMATCH;
        }
        final long address = allocator.address(chunk);
        final long version = versions.next(nowMs);
        EntryLayout.version(address, version);
        final long slot = OffHeapIndex.slot(chunk, tag);
        if (at >= 0) {
            final long previous = OffHeapIndex.entryOffset(index.slotAt(at));
            liveBytes += EntryLayout.length(address) - EntryLayout.length(foundAddress);
            index.replace(at, slot);
            allocator.free(previous);
        } else {
            makeRoomForOne(nowMs);
            index.insert(slot);
            liveBytes += EntryLayout.length(address);
        }
        return version;
    }

    synchronized boolean delete(int tag, Object keyObject, long keyAddress, int keyLength, long nowMs) {
        final int at = findLive(tag, keyObject, keyAddress, keyLength, nowMs);
        if (at < 0) {
            return false;
        }
        remove(at);
        return true;
    }

    synchronized boolean touch(int tag, Object keyObject, long keyAddress, int keyLength, long expiresAtMs,
            long nowMs) {
        final int at = findLive(tag, keyObject, keyAddress, keyLength, nowMs);
        if (at < 0) {
            return false;
        }
        EntryLayout.expiresAt(foundAddress, expiresAtMs);
        EntryLayout.lastAccess(foundAddress, nowMs);
        return true;
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
        final boolean expired = EntryLayout.isExpired(address, nowMs);
        remove(at);
        if (expired) {
            expirations++;
            return EXPIRED;
        }
        evictions++;
        return EVICTED;
    }

    /**
     * Reclaims the expired entries among {@code count} slots from {@code from}; returns how many it reclaimed. Once a
     * sweep reaches the table's end it also shrinks a table left sparse, so the index's memory follows the data.
     */
    synchronized int sweep(int from, int count, long nowMs) {
        if (index == null) {
            return 0;
        }
        final int end = Math.min(index.capacity(), from + count);
        int reclaimed = 0;
        int i = from;
        while (i < end) {
            final long slot = index.slotAt(i);
            if (slot != 0 && EntryLayout.isExpired(allocator.address(OffHeapIndex.entryOffset(slot)), nowMs)) {
                // backward shift may move a later entry into slot i, so look at it again
                remove(i);
                expirations++;
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
            ? OffHeapIndex.bytesFor(current.capacity() * 2) : 0;
    }

    synchronized void addTo(StoreStats stats) {
        if (index != null) {
            stats.items += index.size();
        }
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

    private int findLive(int tag, Object keyObject, long keyAddress, int keyLength, long nowMs) {
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
                    if (EntryLayout.isExpired(address, nowMs)) {
                        remove(i);
                        expirations++;
                        return -1;
                    }
                    foundAddress = address;
                    return i;
                }
            }
        }
    }

    private void remove(int at) {
        final long chunk = OffHeapIndex.entryOffset(index.slotAt(at));
        liveBytes -= EntryLayout.length(allocator.address(chunk));
        index.remove(at);
        allocator.free(chunk);
    }

    private void makeRoomForOne(long nowMs) {
        if (index.wantsToGrow() && index.capacity() < OffHeapIndex.MAX_CAPACITY) {
            resize(index.capacity() * 2);
        }
        if (index.isFull()) {
            evictOne(nowMs);
        }
    }

    private void shrinkIfSparse() {
        int capacity = index.capacity();
        while (capacity > OffHeapIndex.MIN_CAPACITY && index.size() <= capacity / 8) {
            capacity /= 2;
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
                remove(i);
                expirations++;
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
