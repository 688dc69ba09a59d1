package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The store's headline costs: bytes per entry beyond key and value, and heap bytes per operation. */
class FootprintTest {

    private static final int KEY = 100;
    private static final int VALUE = 1024;
    private static final int ENTRIES = 100_000;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[KEY]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[VALUE]);
    private final EntryReader ignore = (flags, expiresAtMs, version, v, offset, length) -> { };

    /**
     * Measured at about 34.1 bytes: a 20-byte header, no rounding (the 1,144-byte entry fills its class), 10.3 bytes
     * of index (2,020 slots per stripe for 1,562 entries) and 3.8 bytes of pages (page tails, and the 103rd page is
     * partly filled), all counted by usedMemory.
     */
    @Test
    void overheadPerEntryAt100ByteKeysAnd1KiBValuesStaysWithin36Bytes() {
        try (OffHeapStore store = new OffHeapStore(1L << 30, clock)) {
            for (int i = 0; i < ENTRIES; i++) {
                put(store, i);
            }
            final StoreStats stats = store.stats(new StoreStats());
            final double overhead = (stats.usedMemory - (double) ENTRIES * (KEY + VALUE)) / ENTRIES;
            assertTrue(overhead <= 36, "overhead per entry " + overhead);
        }
    }

    /** Every stripe's table grows by a quarter at a load of 0.8, so the index costs 10 to 12.5 bytes per entry. */
    @Test
    void indexCostsTenToTwelveAndAHalfBytesPerEntryAtAnySize() {
        try (OffHeapStore store = new OffHeapStore(64L << 20, clock)) {
            final UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
            final StoreStats stats = new StoreStats();
            for (int i = 1; i <= 300_000; i++) {
                small.putInt(0, i);
                assertTrue(store.put(small, 0, 8, small, 0, 8, 0, Store.NO_EXPIRY, Store.ANY_VERSION) > 0);
                if (i >= 20_000 && i % 500 == 0) {
                    final double perEntry = store.stats(stats).indexMemory / (double) stats.items;
                    assertTrue(perEntry >= 10 && perEntry <= 12.5, perEntry + " index bytes per entry at " + i);
                }
            }
        }
    }

    @Test
    void getPutAndEvictingPutAllocateNothingOnTheHeapInSteadyState() {
        try (OffHeapStore roomy = new OffHeapStore(256L << 20, clock);
                OffHeapStore full = new OffHeapStore(8L << 20, clock)) {
            final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 3; round++) {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 50_000; i++) {
                    put(roomy, i % 10_000);
                    key.putInt(0, (i * 7) % 10_000);
                    roomy.get(key, 0, KEY, ignore);
                    roomy.delete(key, 0, KEY);
                    put(full, i);
                    clock.advance(1);
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 2) {
                    assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 200,000 operations");
                }
            }
        }
    }

    @Test
    void replicaApplyTouchTombstoneAndScanAllocateNothingOnTheHeapInSteadyState() {
        try (OffHeapStore replica = new OffHeapStore(256L << 20, clock)) {
            final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            final EntryVisitor skip = (keyHash, tombstone, version, expiresAtMs, flags, k, keyOffset, keyLength, v,
                    valueOffset, valueLength) -> { };
            long version = 1_700_000_000_000L << 16;
            for (int round = 0; round < 3; round++) {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 50_000; i++) {
                    key.putInt(0, i % 10_000);
                    version += 256;
                    if (i % 4 == 0) {
                        replica.applyTombstone(key, 0, KEY, version, Store.NO_EXPIRY);
                        replica.tombstoneVersion(key, 0, KEY);
                    } else {
                        replica.apply(key, 0, KEY, value, 0, VALUE, 0, Store.NO_EXPIRY, version);
                        replica.apply(key, 0, KEY, value, 0, VALUE, 0, Store.NO_EXPIRY, version - 1);
                        replica.applyTouch(key, 0, KEY, version, Store.NO_EXPIRY);
                        replica.touch(key, 0, KEY, Store.NO_EXPIRY);
                    }
                    if (i % 1000 == 0) {
                        replica.scanStripe(i % replica.stripeCount(), skip);
                    }
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 2) {
                    assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 50,000 applies");
                }
            }
        }
    }

    private void put(OffHeapStore store, int id) {
        key.putInt(0, id);
        assertTrue(store.put(key, 0, KEY, value, 0, VALUE, 0, Store.NO_EXPIRY, Store.ANY_VERSION) > 0);
    }
}
