package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.server.eviction.LruPolicy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Sampled LRU keeps what is used: a hot set touched all along survives a stream of cold keys. */
class LruEvictionTest {

    private static final int HOT = 500;
    private static final int COLD = 60_000;

    @Test
    void hotSetSurvivesOverflowByColdKeys() {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_700_000_000_000L);
        try (OffHeapStore store = new OffHeapStore(16L << 20, clock, new LruPolicy(), 5)) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[1024]);
            final EntryReader ignore = (flags, expiresAtMs, version, v, offset, length) -> { };
            for (int i = 0; i < HOT; i++) {
                put(store, key, value, i);
            }
            for (int i = 0; i < COLD; i++) {
                clock.advance(1);
                put(store, key, value, HOT + i);
                if (i % 100 == 0) {
                    for (int h = 0; h < HOT; h++) {
                        key.putInt(0, h);
                        store.get(key, 0, 16, ignore);
                    }
                }
            }
            int survivors = 0;
            for (int h = 0; h < HOT; h++) {
                key.putInt(0, h);
                survivors += store.get(key, 0, 16, ignore) ? 1 : 0;
            }
            final StoreStats stats = store.stats(new StoreStats());
            assertTrue(stats.evictions > COLD / 2, "the store must have overflowed, evictions " + stats.evictions);
            assertTrue(survivors >= HOT * 99 / 100, "hot keys lost: " + (HOT - survivors));
        }
    }

    private static void put(OffHeapStore store, UnsafeBuffer key, DirectBuffer value, int id) {
        key.putInt(0, id);
        assertTrue(store.put(key, 0, 16, value, 0, 1024, 0, Store.NO_EXPIRY, Store.ANY_VERSION) > 0);
    }
}
