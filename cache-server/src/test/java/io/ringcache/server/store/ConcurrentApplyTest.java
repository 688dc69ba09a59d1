package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.server.eviction.LruPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Several threads deliver the same replicated records to one store in different orders, as several senders or a
 * replayed stream would; every key must end at its highest version, as an entry or a tombstone as that record says,
 * whatever the interleaving.
 */
class ConcurrentApplyTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final int THREADS = 4;
    private static final int KEYS = 2_000;
    private static final int VERSIONS_PER_KEY = 20;

    @Test
    void concurrentApplyConvergesToTheHighestVersionOfEachKey() throws Exception {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(NOW);
        try (OffHeapStore store = new OffHeapStore(256L << 20, clock, new LruPolicy(), 5, 9, 600_000)) {
            final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            final CyclicBarrier start = new CyclicBarrier(THREADS);
            final List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int seed = t;
                workers.add(pool.submit(() -> deliver(store, seed, start)));
            }
            for (final Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();

            final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
            final long[] got = new long[1];
            final EntryReader reader = (flags, expiresAtMs, version, value, offset, length) -> {
                assertEquals(version, value.getLong(offset), "value of another version");
                assertEquals((int) version, flags);
                got[0] = version;
            };
            int tombstones = 0;
            for (int k = 0; k < KEYS; k++) {
                key.putLong(0, k);
                final long highest = version(k, VERSIONS_PER_KEY - 1);
                if (isTombstone(highest)) {
                    tombstones++;
                    assertEquals(highest, store.tombstoneVersion(key, 0, 8), "key " + k);
                } else {
                    assertTrue(store.get(key, 0, 8, reader), "key " + k);
                    assertEquals(highest, got[0], "key " + k);
                }
            }
            final StoreStats stats = store.stats(new StoreStats());
            assertEquals(KEYS - tombstones, stats.items);
            assertEquals(tombstones, stats.tombstones);
            assertTrue(tombstones > 0 && tombstones < KEYS);
            final long local = store.put(key, 0, 8, key, 0, 8, 0, Store.NO_EXPIRY, Store.ANY_VERSION);
            assertTrue(local > version(KEYS - 1, VERSIONS_PER_KEY - 1), "local writes come after all observed");
        }
    }

    /** The {@code n}th version of key {@code k}, from one of three senders (tags 1..3). */
    private static long version(int k, int n) {
        return (NOW + n) << 16 | (long) (k % 256) << 8 | 1 + (k + n) % 3;
    }

    /** Whether the record of that version is a delete: about one in three. */
    private static boolean isTombstone(long version) {
        return Long.hashCode(version * 0x9E3779B97F4A7C15L) % 3 == 0;
    }

    private static Void deliver(OffHeapStore store, int seed, CyclicBarrier start) throws Exception {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] order = new int[KEYS * VERSIONS_PER_KEY];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[64]);
        start.await();
        for (final int record : order) {
            final int k = record / VERSIONS_PER_KEY;
            final long version = version(k, record % VERSIONS_PER_KEY);
            key.putLong(0, k);
            final long result;
            if (isTombstone(version)) {
                result = store.applyTombstone(key, 0, 8, version, Store.NO_EXPIRY);
            } else {
                value.putLong(0, version);
                result = store.apply(key, 0, 8, value, 0, 8 + (int) (version & 31), (int) version,
                        Store.NO_EXPIRY, version);
            }
            assertTrue(result == Store.APPLIED || result == Store.STALE, "result " + result);
        }
        return null;
    }
}
