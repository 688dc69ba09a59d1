package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.server.eviction.LruPolicy;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cross-checks the off-heap store against an on-heap model over long random operation sequences. */
class OffHeapStoreModelTest {

    private static final int OPERATIONS = 200_000;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomOperationsWithoutEvictionMatchTheModelExactly(long seed) {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (OffHeapStore store = new OffHeapStore(2L << 30, clock)) {
            final RandomWorkload workload = new RandomWorkload(seed, 3000, RandomWorkload.MAX_VALUE);
            final ModelCheckedStore checked = new ModelCheckedStore(store, clock, workload, false);
            for (int round = 0; round < 4; round++) {
                checked.run(OPERATIONS / 4);
                checked.checkItems();
            }
            assertTrue(store.stats(new StoreStats()).evictions == 0);
        }
    }

    /**
     * With values of every size, 8 MiB (7 pages) is far fewer pages than size classes in use, so pages move between
     * classes on most puts; with small values in 24 MiB, eviction mostly happens within a class.
     */
    @ParameterizedTest
    @CsvSource({"4, 8, 1048576, 3000", "5, 8, 1048576, 3000", "6, 24, 100, 60000"})
    void randomOperationsUnderATinyBoundNeverReturnStaleValues(long seed, int maxMemoryMiB, int largestValue,
            int keyCount) {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (OffHeapStore store = new OffHeapStore((long) maxMemoryMiB << 20, clock, new LruPolicy(), 5)) {
            final RandomWorkload workload = new RandomWorkload(seed, keyCount, largestValue);
            final ModelCheckedStore checked = new ModelCheckedStore(store, clock, workload, true);
            for (int round = 0; round < 4; round++) {
                checked.run(OPERATIONS / 4);
                checked.checkItems();
            }
            assertTrue(store.stats(new StoreStats()).evictions > 0);
        }
    }
}
