package io.ringcache.server.store;

import io.ringcache.server.eviction.EvictionPolicy;
import io.ringcache.server.eviction.EvictionPool;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.concurrent.EpochClock;

/**
 * Makes room when the budget is spent: frees a chunk of the size class a put needs, or whole pages when an index
 * must grow or a class has no page at all.
 *
 * <p>Each size class has its own {@link EvictionPool}, fed by sampling chunks of that class (memcached keeps an LRU
 * per class for the same reason: evicting an entry of another class frees nothing the put can use). Expired entries
 * found while sampling are reclaimed at once. Each round also samples a few pages of other classes; when one of them
 * holds data much older than the class's best candidate, or the class has no page, that whole page is drained (all
 * its entries evicted) so it returns to the budget and can serve the needed class. This is memcached's slab
 * rebalancing, and it keeps classes from calcifying when the mix of entry sizes changes.
 *
 * <p>Sampling reads chunks without any lock; the chunk may be free, half-written or reused by the time it is acted
 * upon, so every eviction goes through {@link StoreStripe#evictIfPresent}, which checks under the victim stripe's lock
 * that the index still points at that chunk with that version. An evictor holds at most its pool's monitor, then one
 * stripe lock at a time, then the allocator's leaf lock; since stripes never take a pool's monitor, this cannot
 * deadlock.
 */
final class Evictor {

    /** Pages of other classes sampled per round for rebalancing. */
    private static final int PAGE_SAMPLES = 3;
    /** A page moves to another class when its sampled data is this many times older than the class's best victim. */
    private static final long REBALANCE_AGE_RATIO = 4;
    /** ... and older by at least this, so that classes do not trade pages over millisecond differences. */
    private static final long REBALANCE_MIN_AGE_MS = 1000;

    private final SlabAllocator allocator;
    private final StoreStripe[] stripes;
    private final EvictionPolicy policy;
    private final EpochClock clock;
    private final EvictionPool[] pools;
    private final long[][] sampleBuffers;

    Evictor(SlabAllocator allocator, StoreStripe[] stripes, EvictionPolicy policy, EpochClock clock, int samples) {
        this.allocator = allocator;
        this.stripes = stripes;
        this.policy = policy;
        this.clock = clock;
        final int classCount = allocator.sizeClasses().count();
        pools = new EvictionPool[classCount];
        sampleBuffers = new long[classCount][];
        for (int i = 0; i < classCount; i++) {
            pools[i] = new EvictionPool(EvictionPool.DEFAULT_CAPACITY);
            sampleBuffers[i] = new long[samples];
        }
    }

    /** Tries to free room for a chunk of {@code sizeClass}; returns whether it removed anything. */
    boolean makeRoom(int sizeClass) {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final long now = clock.time();
        int oldPage = -1;
        long oldPageScore = -1;
        for (int i = 0; i < PAGE_SAMPLES; i++) {
            final int page = allocator.randomPage(random);
            if (page < 0 || allocator.pageClass(page) == sizeClass) {
                continue;
            }
            final long score = scoreChunk(allocator.randomChunk(page, random), now);
            if (score > oldPageScore) {
                oldPageScore = score;
                oldPage = page;
            }
        }
        if (!allocator.classHasPages(sizeClass)) {
            return oldPage >= 0 && drainPage(oldPage, now);
        }
        final EvictionPool pool = pools[sizeClass];
        synchronized (pool) {
            final long[] sampled = sampleBuffers[sizeClass];
            final int count = allocator.sampleChunks(sizeClass, random, sampled);
            boolean reclaimed = false;
            for (int i = 0; i < count; i++) {
                reclaimed |= sample(pool, sampled[i], allocator.sizeClasses().chunkSize(sizeClass), now);
            }
            if (reclaimed) {
                return true;
            }
            final long best = pool.bestScore();
            final boolean classHoldsOldest = oldPage < 0 || oldPageScore < best * REBALANCE_AGE_RATIO
                    || oldPageScore < best + REBALANCE_MIN_AGE_MS;
            if (classHoldsOldest) {
                while (pool.pollBest()) {
                    final StoreStripe stripe = stripes[HashBits.stripe(pool.polledHash())];
                    final int tag = HashBits.tag(pool.polledHash());
                    final int outcome = stripe.evictIfPresent(pool.polledOffset(), tag, pool.polledVersion(), now);
                    if (outcome != StoreStripe.GONE) {
                        return true;
                    }
                }
            }
        }
        return oldPage >= 0 && drainPage(oldPage, now);
    }

    /**
     * Drains pages, each the oldest of a few sampled ones, until the budget has {@code bytes} free for an index that
     * must grow, or a few attempts failed.
     */
    void freeBytes(long bytes) {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 8 && allocator.available() < bytes; attempt++) {
            final long now = clock.time();
            int oldPage = -1;
            long oldPageScore = -1;
            for (int i = 0; i < PAGE_SAMPLES; i++) {
                final int page = allocator.randomPage(random);
                final long score = page < 0 ? -1 : scoreChunk(allocator.randomChunk(page, random), now);
                if (page >= 0 && score >= oldPageScore) {
                    oldPageScore = score;
                    oldPage = page;
                }
            }
            if (oldPage >= 0) {
                drainPage(oldPage, now);
            }
        }
    }

    /** Adds a sampled chunk to the pool, or reclaims it at once when expired; returns whether it reclaimed it. */
    private boolean sample(EvictionPool pool, long chunk, int chunkSize, long now) {
        final long address = allocator.address(chunk);
        final int lengths = EntryLayout.lengths(address);
        final int keyLength = EntryLayout.plausibleKeyLength(lengths, chunkSize);
        if (keyLength == 0) {
            return false;
        }
        final long version = EntryLayout.version(address);
        final long hash = HashBits.hash(address + EntryLayout.keyOffsetOf(lengths), keyLength);
        if (EntryLayout.isExpired(address, now)) {
            final StoreStripe stripe = stripes[HashBits.stripe(hash)];
            return stripe.evictIfPresent(chunk, HashBits.tag(hash), version, now) != StoreStripe.GONE;
        }
        pool.offer(score(address, now), chunk, version, hash);
        return false;
    }

    private long scoreChunk(long chunk, long now) {
        if (chunk < 0) {
            return -1;
        }
        final long address = allocator.address(chunk);
        return EntryLayout.keyLength(address) == 0 ? -1 : score(address, now);
    }

    private long score(long address, long now) {
        return policy.score(now, EntryLayout.idleMs(address, now), EntryLayout.createdAtSeconds(address),
            EntryLayout.expiresAt(address));
    }

    /** Evicts every entry of a page so it returns to the budget; returns whether it removed anything. */
    private boolean drainPage(int page, long now) {
        final int token = allocator.beginDrain(page);
        if (token < 0) {
            return false;
        }
        final int chunkSize = allocator.drainChunkSize(page);
        final int cutBytes = allocator.drainCutBytes(page);
        final long pageOffset = allocator.pageOffset(page);
        boolean removed = false;
        for (int at = 0; chunkSize > 0 && at + chunkSize <= cutBytes; at += chunkSize) {
            if (allocator.wasReleased(page, token)) {
                return true;
            }
            final long chunk = pageOffset + at;
            final long address = allocator.address(chunk);
            final int lengths = EntryLayout.lengths(address);
            final int keyLength = EntryLayout.plausibleKeyLength(lengths, chunkSize);
            if (keyLength == 0) {
                continue;
            }
            final long hash = HashBits.hash(address + EntryLayout.keyOffsetOf(lengths), keyLength);
            removed |= stripes[HashBits.stripe(hash)].evictIfPresent(chunk, HashBits.tag(hash),
                EntryLayout.version(address), now) != StoreStripe.GONE;
        }
        allocator.endDrain(page, token);
        return removed;
    }
}
