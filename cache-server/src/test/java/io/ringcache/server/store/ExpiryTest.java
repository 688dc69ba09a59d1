package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToLongFunction;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Background expiry: the sweeper reclaims expired entries nobody reads again, and their memory. */
class ExpiryTest {

    private static final int KEYS = 10_000;

    @Test
    void sweepReclaimsAllExpiredEntriesAndReturnsTheirMemory() throws Exception {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (OffHeapStore store = new OffHeapStore(256L << 20, clock)) {
            final long emptyMemory = store.stats(new StoreStats()).usedMemory;
            final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[300]);
            for (int i = 0; i < KEYS; i++) {
                key.putInt(0, i);
                store.put(key, 0, 16, value, 0, 100 + i % 200, 0, clock.time() + 1000 + i % 500, Store.ANY_VERSION);
            }
            final StoreStats filled = store.stats(new StoreStats());
            assertEquals(KEYS, filled.items);
            assertTrue(filled.usedMemory > emptyMemory + (3L << 20));

            clock.advance(1500);
            final ExpirySweeper sweeper = new ExpirySweeper(store, ExpirySweeper.DEFAULT_SLOTS_PER_DUTY_CYCLE);
            int reclaimed = 0;
            for (int cycle = 0; cycle < 10_000 && reclaimed < KEYS; cycle++) {
                reclaimed += sweeper.doWork();
            }
            final StoreStats swept = store.stats(new StoreStats());
            assertEquals(KEYS, reclaimed);
            assertEquals(KEYS, swept.expirations);
            assertEquals(0, swept.items);
            assertEquals(0, swept.liveBytes);
            sweeper.sweepAll();
            assertEquals(emptyMemory, store.stats(new StoreStats()).usedMemory);
        }
    }

    @Test
    void sweepLeavesUnexpiredEntries() {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (OffHeapStore store = new OffHeapStore(64L << 20, clock)) {
            putThousandKeys(store, i -> i % 2 == 0 ? clock.time() + 10 : Store.NO_EXPIRY);
            clock.advance(10);
            assertEquals(500, new ExpirySweeper(store, 64).sweepAll());
            assertEquals(500, store.stats(new StoreStats()).items);
        }
    }

    @Test
    void entriesGivenAnExpiryByTouchAreSweptAndEntriesMadePersistentAreNot() {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (OffHeapStore store = new OffHeapStore(64L << 20, clock)) {
            final UnsafeBuffer key = putThousandKeys(store, i -> Store.NO_EXPIRY);
            assertEquals(0, store.stats(new StoreStats()).expiring);
            final ExpirySweeper sweeper = new ExpirySweeper(store, 64);
            assertEquals(0, sweeper.sweepAll());

            for (int i = 0; i < 300; i++) {
                key.putInt(0, i);
                assertTrue(store.touch(key, 0, 8, clock.time() + 10) > 0);
            }
            for (int i = 0; i < 100; i++) {
                key.putInt(0, i);
                assertTrue(store.touch(key, 0, 8, Store.NO_EXPIRY) > 0);
            }
            assertEquals(200, store.stats(new StoreStats()).expiring);

            clock.advance(10);
            assertEquals(200, sweeper.sweepAll());
            final StoreStats swept = store.stats(new StoreStats());
            assertEquals(800, swept.items);
            assertEquals(0, swept.expiring);
        }
    }

    /** Puts keys 0..999 (an int in 8 bytes, also the value), key i expiring at {@code expiresAt(i)}; returns a key. */
    private static UnsafeBuffer putThousandKeys(OffHeapStore store, IntToLongFunction expiresAt) {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
        for (int i = 0; i < 1000; i++) {
            key.putInt(0, i);
            store.put(key, 0, 8, key, 0, 8, 0, expiresAt.applyAsLong(i), Store.ANY_VERSION);
        }
        return key;
    }
}
