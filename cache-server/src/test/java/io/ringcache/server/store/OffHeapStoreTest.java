package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.server.eviction.LruPolicy;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link Store} contract on single operations. */
class OffHeapStoreTest {

    private static final long NOW = 1_700_000_000_000L;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final OffHeapStore store = new OffHeapStore(64L << 20, clock);
    private final Captured captured = new Captured();

    OffHeapStoreTest() {
        clock.update(NOW);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void getOfMissingKeyReturnsMiss() {
        assertFalse(get("absent"));
        assertEquals(1, stats().misses);
    }

    @Test
    void getAfterPutReturnsValueFlagsExpiryAndVersion() {
        final long version = put("k", "value", 42, NOW + 1000, Store.ANY_VERSION);
        assertTrue(get("k"));
        assertEquals("value", captured.value);
        assertEquals(42, captured.flags);
        assertEquals(NOW + 1000, captured.expiresAtMs);
        assertEquals(version, captured.version);
        assertEquals(1, stats().hits);
    }

    @Test
    void flagsAreStoredOnlyWhenSetAndReadBackExactly() {
        put("k", "value", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        final long flagless = stats().liveBytes;
        assertEquals(EntryLayout.entryLength(1, 5, 0), flagless);
        for (final int flags : new int[] {-1, Integer.MIN_VALUE, 1, 0}) {
            put("k", "value", flags, Store.NO_EXPIRY, Store.ANY_VERSION);
            assertTrue(get("k"));
            assertEquals(flags, captured.flags);
            assertEquals("value", captured.value);
            assertEquals(flags == 0 ? flagless : flagless + 4, stats().liveBytes);
        }
    }

    @Test
    void valueTooLongForTheLengthsWordIsTooLargeWhateverThePageSize() {
        try (OffHeapStore bigPages = new OffHeapStore(64L << 20, clock, new LruPolicy(), 5, 0, 60_000, 4 << 20)) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[1]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[EntryLayout.MAX_VALUE_LENGTH + 1]);
            assertEquals(Store.PUT_TOO_LARGE, bigPages.put(key, 0, 1, value, 0, EntryLayout.MAX_VALUE_LENGTH + 1, 0,
                    Store.NO_EXPIRY, Store.ANY_VERSION));
            assertTrue(bigPages.put(key, 0, 1, value, 0, EntryLayout.MAX_VALUE_LENGTH, 7, Store.NO_EXPIRY,
                    Store.ANY_VERSION) > 0);
        }
    }

    @Test
    void getOfEmptyValueReturnsEmptyValue() {
        put("k", "", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        assertTrue(get("k"));
        assertEquals("", captured.value);
    }

    @Test
    void getOfExpiredKeyReturnsMissAndReclaimsIt() {
        put("k", "v", 0, NOW + 10, Store.ANY_VERSION);
        clock.advance(10);
        assertFalse(get("k"));
        final StoreStats stats = stats();
        assertEquals(1, stats.expirations);
        assertEquals(0, stats.items);
    }

    @Test
    void putReplacesValueAndReturnsIncreasingVersions() {
        final long first = put("k", "one", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        final long second = put("k", "two", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        assertTrue(first > 0 && second > first);
        assertTrue(get("k"));
        assertEquals("two", captured.value);
        assertEquals(1, stats().items);
    }

    @Test
    void compareAndSetWithCurrentVersionReplacesValue() {
        final long version = put("k", "one", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        final long next = put("k", "two", 0, Store.NO_EXPIRY, version);
        assertTrue(next > version);
        assertTrue(get("k"));
        assertEquals("two", captured.value);
    }

    @Test
    void compareAndSetWithStaleVersionIsRefused() {
        final long version = put("k", "one", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        put("k", "two", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        assertEquals(Store.PUT_VERSION_MISMATCH, put("k", "three", 0, Store.NO_EXPIRY, version));
        assertTrue(get("k"));
        assertEquals("two", captured.value);
    }

    @Test
    void compareAndSetOnMissingOrExpiredKeyReturnsNotFound() {
        assertEquals(Store.PUT_NOT_FOUND, put("k", "v", 0, Store.NO_EXPIRY, 1));
        final long version = put("k", "v", 0, NOW + 5, Store.ANY_VERSION);
        clock.advance(5);
        assertEquals(Store.PUT_NOT_FOUND, put("k", "v", 0, Store.NO_EXPIRY, version));
    }

    @Test
    void deleteReturnsWhetherALiveEntryWasThere() {
        put("k", "v", 0, Store.NO_EXPIRY, Store.ANY_VERSION);
        assertTrue(delete("k"));
        assertFalse(delete("k"));
        assertFalse(get("k"));
        put("e", "v", 0, NOW + 1, Store.ANY_VERSION);
        clock.advance(1);
        assertFalse(delete("e"));
    }

    @Test
    void touchSetsNewExpiryOnLiveEntryOnly() {
        put("k", "v", 0, NOW + 10, Store.ANY_VERSION);
        assertTrue(touch("k", NOW + 100));
        clock.advance(50);
        assertTrue(get("k"));
        assertEquals(NOW + 100, captured.expiresAtMs);
        assertFalse(touch("absent", NOW + 100));
        clock.advance(50);
        assertFalse(touch("k", Store.NO_EXPIRY));
    }

    @Test
    void putOfLargestLegalEntryFitsInATwoMegabyteStore() {
        try (OffHeapStore small = new OffHeapStore(2L << 20, clock)) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[250]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[1 << 20]);
            assertTrue(small.put(key, 0, 250, value, 0, 1 << 20, 0, Store.NO_EXPIRY, Store.ANY_VERSION) > 0);
            assertTrue(small.put(key, 0, 250, value, 0, 1 << 20, 0, Store.NO_EXPIRY, Store.ANY_VERSION) > 0);
            assertTrue(small.stats(new StoreStats()).usedMemory <= 2L << 20);
        }
    }

    @Test
    void putOfEntryLargerThanAnEmptyStoreReturnsTooLarge() {
        try (OffHeapStore tiny = new OffHeapStore(1L << 20, clock)) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[10]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[10]);
            assertEquals(Store.PUT_TOO_LARGE,
                    tiny.put(key, 0, 10, value, 0, 10, 0, Store.NO_EXPIRY, Store.ANY_VERSION));
        }
    }

    @Test
    void usedMemoryOfEmptyStoreIsItsIndexes() {
        final StoreStats stats = stats();
        assertEquals(64 * 16 * 8, stats.usedMemory);
        assertEquals(stats.usedMemory, stats.indexMemory);
        assertEquals(64L << 20, stats.maxMemory);
    }

    @Test
    void closedStoreRefusesCallsAndClosesOnlyOnce() {
        final OffHeapStore closing = new OffHeapStore(4L << 20, clock);
        closing.close();
        closing.close();
        final DirectBuffer k = bytes("k");
        assertThrows(IllegalStateException.class, () -> closing.get(k, 0, 1, captured));
        assertThrows(IllegalStateException.class,
                () -> closing.put(k, 0, 1, k, 0, 1, 0, Store.NO_EXPIRY, Store.ANY_VERSION));
    }

    @Test
    void putRejectsKeyLengthOutsideProtocolLimits() {
        final DirectBuffer k = new UnsafeBuffer(new byte[300]);
        assertThrows(IllegalArgumentException.class,
                () -> store.put(k, 0, 251, k, 0, 1, 0, Store.NO_EXPIRY, Store.ANY_VERSION));
    }

    @Test
    void constructorRejectsBoundBelowTheEmptyIndexes() {
        assertThrows(IllegalArgumentException.class, () -> new OffHeapStore(1000, clock));
    }

    private StoreStats stats() {
        return store.stats(new StoreStats());
    }

    private static DirectBuffer bytes(String text) {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private long put(String key, String value, int flags, long expiresAtMs, long casVersion) {
        final DirectBuffer k = bytes(key);
        final DirectBuffer v = bytes(value);
        return store.put(k, 0, k.capacity(), v, 0, v.capacity(), flags, expiresAtMs, casVersion);
    }

    private boolean get(String key) {
        final DirectBuffer k = bytes(key);
        return store.get(k, 0, k.capacity(), captured);
    }

    private boolean delete(String key) {
        final DirectBuffer k = bytes(key);
        return Store.deleteFoundLive(store.delete(k, 0, k.capacity()));
    }

    private boolean touch(String key, long expiresAtMs) {
        final DirectBuffer k = bytes(key);
        return store.touch(k, 0, k.capacity(), expiresAtMs) > 0;
    }

    /** Keeps what the store handed to the reader. */
    private static final class Captured implements EntryReader {
        String value;
        int flags;
        long expiresAtMs;
        long version;

        @Override
        public void read(int flags, long expiresAtMs, long version, DirectBuffer value, int valueOffset,
                int valueLength) {
            this.value = value.getStringWithoutLengthUtf8(valueOffset, valueLength);
            this.flags = flags;
            this.expiresAtMs = expiresAtMs;
            this.version = version;
        }
    }
}
