package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.server.eviction.LruPolicy;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deletes leave tombstones: invisible to reads, counted apart, bounded by memory and expiring. */
class TombstoneTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long TTL = 5_000;
    private static final int TAG = 3;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final OffHeapStore store;
    private final EntryReader ignore = (flags, expiresAtMs, version, value, offset, length) -> { };

    TombstoneTest() {
        clock.update(NOW);
        store = new OffHeapStore(64L << 20, clock, new LruPolicy(), 5, TAG, TTL);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void deleteOfLiveEntryReturnsItsPositiveVersion() {
        final long put = put("k", "v");
        final long result = delete("k");
        assertTrue(Store.deleteFoundLive(result));
        assertEquals(result, Store.deletedVersion(result));
        assertTrue(result > put);
        assertEquals(TAG, result & 0xff);
    }

    @Test
    void deleteOfAbsentDeletedOrExpiredKeyReturnsANegatedFreshVersion() {
        final long absent = delete("absent");
        assertFalse(Store.deleteFoundLive(absent));
        assertTrue(absent < 0);
        final long again = delete("absent");
        assertFalse(Store.deleteFoundLive(again));
        assertTrue(Store.deletedVersion(again) > Store.deletedVersion(absent));
        assertEquals(Store.deletedVersion(again), tombstoneVersion("absent"));

        final DirectBuffer k = bytes("e");
        store.put(k, 0, 1, k, 0, 1, 0, NOW + 1, Store.ANY_VERSION);
        clock.advance(1);
        final long expired = delete("e");
        assertFalse(Store.deleteFoundLive(expired));
        assertEquals(Store.deletedVersion(expired), tombstoneVersion("e"));
    }

    @Test
    void tombstoneHidesTheKeyFromGetTouchAndCompareAndSet() {
        final long version = put("k", "v");
        final long deleted = delete("k");
        assertFalse(get("k"));
        assertEquals(0, touch("k"));
        final DirectBuffer k = bytes("k");
        assertEquals(Store.PUT_NOT_FOUND, store.put(k, 0, 1, k, 0, 1, 0, Store.NO_EXPIRY, version));
        assertEquals(Store.PUT_NOT_FOUND, store.put(k, 0, 1, k, 0, 1, 0, Store.NO_EXPIRY, deleted));
        assertEquals(deleted, tombstoneVersion("k"));
        assertEquals(1, stats().misses);
    }

    @Test
    void putOverATombstoneReplacesIt() {
        put("k", "one");
        final long deleted = delete("k");
        final long put = put("k", "two");
        assertTrue(put > deleted);
        assertTrue(get("k"));
        assertEquals(0, tombstoneVersion("k"));
        final StoreStats stats = stats();
        assertEquals(1, stats.items);
        assertEquals(0, stats.tombstones);
    }

    @Test
    void tombstonesAreCountedApartFromItemsAndInMemory() {
        put("a", "value");
        put("b", "value");
        final long liveBytes = stats().liveBytes;
        delete("a");
        delete("never-there");
        final StoreStats stats = stats();
        assertEquals(1, stats.items);
        assertEquals(2, stats.tombstones);
        final long tombstoneBytes = 2 * EntryLayout.HEADER_LENGTH + "a".length() + "never-there".length();
        assertEquals(liveBytes - EntryLayout.entryLength(1, 5, 0) + tombstoneBytes, stats.liveBytes);
    }

    @Test
    void tombstoneExpiresAfterItsTimeToLive() {
        put("k", "v");
        delete("k");
        delete("other");
        clock.advance(TTL - 1);
        assertTrue(tombstoneVersion("k") > 0);
        clock.advance(1);
        assertEquals(0, tombstoneVersion("k"));
        assertEquals(1, new ExpirySweeper(store, 64).sweepAll());
        final StoreStats stats = stats();
        assertEquals(0, stats.tombstones);
        assertEquals(0, stats.items);
        assertEquals(0, stats.liveBytes);
        assertEquals(0, stats.expirations, "tombstones ending are not expirations");
    }

    @Test
    void tombstonesStayWithinTheMemoryBoundByEvictingOldData() {
        try (OffHeapStore small = new OffHeapStore(8L << 20, clock, new LruPolicy(), 5, TAG, 60_000)) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[100]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[100]);
            for (int i = 0; i < 10_000; i++) {
                key.putInt(0, i);
                assertTrue(small.put(key, 0, 100, value, 0, 100, 0, Store.NO_EXPIRY, Store.ANY_VERSION) > 0);
            }
            final StoreStats stats = new StoreStats();
            for (int i = 0; i < 200_000; i++) {
                key.putInt(0, 1_000_000 + i);
                assertFalse(Store.deleteFoundLive(small.delete(key, 0, 100)));
                if (i % 1000 == 0) {
                    assertTrue(small.stats(stats).usedMemory <= 8L << 20);
                }
                clock.advance(i % 10 == 0 ? 1 : 0);
            }
            small.stats(stats);
            assertTrue(stats.usedMemory <= 8L << 20);
            assertTrue(stats.evictions > 100_000, "tombstones are evicted like entries: " + stats.evictions);
            assertTrue(stats.tombstones > 10_000, "the store fills with tombstones: " + stats.tombstones);
            assertTrue(stats.items < 10_000, "old entries made room: " + stats.items);
        }
    }

    @Test
    void deleteInAStoreThatCannotHoldATombstoneStillDrawsAVersion() {
        try (OffHeapStore tiny = new OffHeapStore(1L << 20, clock)) {
            final DirectBuffer k = bytes("k");
            final long result = tiny.delete(k, 0, 1);
            assertFalse(Store.deleteFoundLive(result));
            assertTrue(Store.deletedVersion(result) > 0);
            assertEquals(0, tiny.tombstoneVersion(k, 0, 1));
            assertEquals(0, tiny.stats(new StoreStats()).tombstones);
        }
    }

    private StoreStats stats() {
        return store.stats(new StoreStats());
    }

    private static DirectBuffer bytes(String text) {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private long put(String key, String value) {
        final DirectBuffer k = bytes(key);
        final DirectBuffer v = bytes(value);
        return store.put(k, 0, k.capacity(), v, 0, v.capacity(), 0, Store.NO_EXPIRY, Store.ANY_VERSION);
    }

    private boolean get(String key) {
        final DirectBuffer k = bytes(key);
        return store.get(k, 0, k.capacity(), ignore);
    }

    private long delete(String key) {
        final DirectBuffer k = bytes(key);
        return store.delete(k, 0, k.capacity());
    }

    private long touch(String key) {
        final DirectBuffer k = bytes(key);
        return store.touch(k, 0, k.capacity(), NOW + 100_000);
    }

    private long tombstoneVersion(String key) {
        final DirectBuffer k = bytes(key);
        return store.tombstoneVersion(k, 0, k.capacity());
    }
}
