package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Several threads hammer overlapping keys of a store that must evict all along, with a sweeper running beside them.
 * Every value carries its key id and the writer's sequence number and is filled from them, so a torn, mixed-up or
 * corrupt value is detected on every read.
 */
class ConcurrentStoreTest {

    private static final int THREADS = 4;
    private static final int KEYS = 40_000;
    private static final int OPERATIONS_PER_THREAD = 150_000;
    private static final long MAX_MEMORY = 8L << 20;

    @Test
    void concurrentWritersUnderEvictionNeverCorruptValuesOrExceedTheBound() throws Exception {
        try (OffHeapStore store = new OffHeapStore(MAX_MEMORY, new SystemEpochClock())) {
            final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            final CyclicBarrier start = new CyclicBarrier(THREADS);
            final AtomicBoolean running = new AtomicBoolean(true);
            final List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int seed = t;
                workers.add(pool.submit(() -> hammer(store, seed, start)));
            }
            final Future<?> sweeper = pool.submit(() -> {
                final ExpirySweeper agent = new ExpirySweeper(store, 128);
                final StoreStats stats = new StoreStats();
                while (running.get()) {
                    agent.doWork();
                    assertTrue(store.stats(stats).usedMemory <= MAX_MEMORY);
                }
                return null;
            });
            for (final Future<?> worker : workers) {
                worker.get();
            }
            running.set(false);
            sweeper.get();
            pool.shutdown();
            final StoreStats stats = store.stats(new StoreStats());
            assertTrue(stats.usedMemory <= MAX_MEMORY);
            assertTrue(stats.evictions > 0);
            assertTrue(stats.items > 0);
        }
    }

    private static Void hammer(OffHeapStore store, int seed, CyclicBarrier start) throws Exception {
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[24]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[9 << 10]);
        final Verifier verifier = new Verifier();
        final StoreStats stats = new StoreStats();
        start.await();
        for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
            final int id = random.nextInt(KEYS);
            key.putInt(0, id);
            final int dice = random.nextInt(100);
            if (dice < 45) {
                final int length = 12 + (random.nextInt(10) == 0 ? random.nextInt(8 << 10) : random.nextInt(400));
                final long sequence = (long) seed << 40 | op;
                fill(value, id, sequence, length);
                final long expiresAt = random.nextInt(4) == 0 ? System.currentTimeMillis() + random.nextInt(50)
                        : Store.NO_EXPIRY;
                final long version = store.put(key, 0, 24, value, 0, length, (int) sequence, expiresAt,
                        Store.ANY_VERSION);
                assertTrue(version > 0, "put failed: " + version);
            } else if (dice < 90) {
                verifier.id = id;
                store.get(key, 0, 24, verifier);
            } else if (dice < 95) {
                store.delete(key, 0, 24);
            } else {
                store.touch(key, 0, 24, System.currentTimeMillis() + 100);
            }
            if (op % 1000 == 0) {
                assertTrue(store.stats(stats).usedMemory <= MAX_MEMORY);
            }
        }
        return null;
    }

    /** Value bytes: key id, sequence, then a pattern derived from both. */
    private static void fill(UnsafeBuffer value, int id, long sequence, int length) {
        value.putInt(0, id);
        value.putLong(4, sequence);
        for (int i = 12; i < length; i++) {
            value.putByte(i, pattern(id, sequence, i));
        }
    }

    private static byte pattern(int id, long sequence, int index) {
        return (byte) (id * 31 + sequence * 17 + index);
    }

    /** Checks a value read under concurrency against the key it was asked for. */
    private static final class Verifier implements EntryReader {
        int id;

        @Override
        public void read(int flags, long expiresAtMs, long version, DirectBuffer value, int offset, int length) {
            assertTrue(length >= 12, "value too short: " + length);
            assertEquals(id, value.getInt(offset), "value of another key");
            final long sequence = value.getLong(offset + 4);
            assertEquals((int) sequence, flags, "flags of another write");
            for (int i = 12; i < length; i++) {
                if (value.getByte(offset + i) != pattern(id, sequence, i)) {
                    throw new AssertionError("corrupt value for key " + id + " at byte " + i);
                }
            }
        }
    }
}
