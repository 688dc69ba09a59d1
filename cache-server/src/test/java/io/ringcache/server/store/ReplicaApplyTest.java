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

/** A replica applies versioned records: it keeps the newer version of each key, and tombstones win over older sets. */
class ReplicaApplyTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long TTL = 5_000;
    /** A version the primary (tag 1) stamped a millisecond ago. */
    private static final long V1 = (NOW - 1) << 16 | 1;
    private static final long V2 = NOW << 16 | 1;
    private static final long V3 = NOW << 16 | 1 << 8 | 1;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final OffHeapStore store;
    private final Captured captured = new Captured();

    ReplicaApplyTest() {
        clock.update(NOW);
        store = new OffHeapStore(64L << 20, clock, new LruPolicy(), 5, 2, TTL);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void applyOverAbsentKeyStoresTheEntryWithExactlyThatVersion() {
        assertEquals(Store.APPLIED, apply("k", "v", 7, NOW + 1000, V1));
        assertTrue(get("k"));
        assertEquals("v", captured.value);
        assertEquals(7, captured.flags);
        assertEquals(NOW + 1000, captured.expiresAtMs);
        assertEquals(V1, captured.version);
        assertEquals(1, stats().items);
    }

    @Test
    void newerVersionReplacesOlderOneAndOlderOrEqualIsStale() {
        assertEquals(Store.APPLIED, apply("k", "two", 0, Store.NO_EXPIRY, V2));
        assertEquals(Store.STALE, apply("k", "one", 0, Store.NO_EXPIRY, V1));
        assertEquals(Store.STALE, apply("k", "again", 0, Store.NO_EXPIRY, V2));
        assertTrue(get("k"));
        assertEquals("two", captured.value);
        assertEquals(Store.APPLIED, apply("k", "three", 0, Store.NO_EXPIRY, V3));
        assertTrue(get("k"));
        assertEquals("three", captured.value);
        assertEquals(V3, captured.version);
        assertEquals(1, stats().items);
    }

    @Test
    void applyAboveALocalWriteReplacesItAndLaterLocalWritesAreNewerStill() {
        final long local = put("k", "local");
        final long remote = local + 256;
        assertEquals(Store.APPLIED, apply("k", "remote", 0, Store.NO_EXPIRY, remote));
        assertEquals(Store.STALE, apply("k", "old", 0, Store.NO_EXPIRY, local - 1));
        final long next = put("k", "local again");
        assertTrue(next > remote);
        assertEquals(2, next & 0xff);
    }

    @Test
    void applyObservesTheVersionEvenWhenStaleOrTooLarge() {
        final long far = (NOW + 60_000) << 16 | 1;
        apply("k", "v", 0, Store.NO_EXPIRY, far);
        assertEquals(Store.STALE, apply("k", "v", 0, Store.NO_EXPIRY, far));
        assertTrue(put("other", "v") > far);
        try (OffHeapStore tiny = new OffHeapStore(1L << 20, clock)) {
            final DirectBuffer k = bytes("k");
            assertEquals(Store.PUT_TOO_LARGE, tiny.apply(k, 0, 1, k, 0, 1, 0, Store.NO_EXPIRY, far));
            assertTrue(Store.deletedVersion(tiny.delete(k, 0, 1)) > far);
        }
    }

    @Test
    void tombstoneBeatsOlderSetsAndLosesToNewerOnes() {
        assertEquals(Store.APPLIED, apply("k", "one", 0, Store.NO_EXPIRY, V1));
        assertEquals(Store.APPLIED, applyTombstone("k", V2, Store.NO_EXPIRY));
        assertFalse(get("k"));
        assertEquals(V2, tombstoneVersion("k"));
        assertEquals(Store.STALE, apply("k", "one", 0, Store.NO_EXPIRY, V1));
        assertEquals(Store.STALE, applyTombstone("k", V1, Store.NO_EXPIRY));
        assertEquals(Store.STALE, applyTombstone("k", V2, Store.NO_EXPIRY));
        assertFalse(get("k"));
        assertEquals(Store.APPLIED, apply("k", "three", 0, Store.NO_EXPIRY, V3));
        assertTrue(get("k"));
        assertEquals("three", captured.value);
        assertEquals(0, tombstoneVersion("k"));
        assertEquals(Store.STALE, applyTombstone("k", V2, Store.NO_EXPIRY));
        final StoreStats stats = stats();
        assertEquals(1, stats.items);
        assertEquals(0, stats.tombstones);
    }

    @Test
    void applyTombstoneOverAbsentKeyTakesTheSendersExpiryOrTheStoresTimeToLive() {
        assertEquals(Store.APPLIED, applyTombstone("given", V1, NOW + 100));
        assertEquals(Store.APPLIED, applyTombstone("default", V1, Store.NO_EXPIRY));
        assertEquals(2, stats().tombstones);
        clock.advance(100);
        assertEquals(0, tombstoneVersion("given"));
        assertEquals(V1, tombstoneVersion("default"));
        clock.advance(TTL - 100);
        assertEquals(0, tombstoneVersion("default"));
    }

    @Test
    void lateOlderSetCannotResurrectALocallyDeletedKeyWhileItsTombstoneLives() {
        final long older = put("k", "v") - 256;
        final long deleted = Store.deletedVersion(delete("k"));
        assertTrue(older < deleted);
        clock.advance(TTL - 1);
        assertEquals(Store.STALE, apply("k", "late", 0, Store.NO_EXPIRY, older));
        assertFalse(get("k"));
        clock.advance(1);
        assertEquals(0, tombstoneVersion("k"));
        assertEquals(Store.APPLIED, apply("k", "late", 0, Store.NO_EXPIRY, older),
                "once the tombstone is gone the store can no longer tell (the documented limit)");
    }

    @Test
    void recordExpiredOnArrivalStoresNothingButRemovesAnOlderEntry() {
        apply("k", "old", 0, Store.NO_EXPIRY, V1);
        assertEquals(Store.APPLIED, apply("k", "new", 0, NOW, V2));
        assertFalse(get("k"));
        assertEquals(0, stats().items);
        assertEquals(Store.APPLIED, apply("absent", "v", 0, NOW - 5, V1));
        assertFalse(get("absent"));
        apply("newer", "v", 0, Store.NO_EXPIRY, V3);
        assertEquals(Store.STALE, apply("newer", "expired", 0, NOW - 5, V2));
        assertTrue(get("newer"));
        assertEquals(V3, captured.version);
        apply("t", "v", 0, Store.NO_EXPIRY, V1);
        assertEquals(Store.APPLIED, applyTombstone("t", V2, NOW - 1));
        assertFalse(get("t"));
        assertEquals(0, tombstoneVersion("t"));
        final StoreStats stats = stats();
        assertEquals(1, stats.items);
        assertEquals(0, stats.tombstones);
    }

    @Test
    void expiredEntryNotYetReclaimedStillRefusesOlderVersions() {
        apply("k", "v", 0, NOW + 10, V2);
        clock.advance(10);
        assertEquals(Store.STALE, apply("k", "older", 0, Store.NO_EXPIRY, V1));
        assertFalse(get("k"));
        assertEquals(Store.APPLIED, apply("k", "newer", 0, Store.NO_EXPIRY, V3));
        assertTrue(get("k"));
        assertEquals("newer", captured.value);
    }

    @Test
    void applyTouchSetsExpiryOnlyOnTheEntryOfThatVersion() {
        apply("k", "v", 0, NOW + 10, V2);
        assertFalse(applyTouch("k", V1, NOW + 1000));
        assertFalse(applyTouch("absent", V2, NOW + 1000));
        assertTrue(applyTouch("k", V2, NOW + 1000));
        clock.advance(500);
        assertTrue(get("k"));
        assertEquals(NOW + 1000, captured.expiresAtMs);
        assertEquals(V2, captured.version);
        applyTombstone("k", V3, Store.NO_EXPIRY);
        assertFalse(applyTouch("k", V3, NOW + 2000));
        assertEquals(V3, tombstoneVersion("k"));
    }

    @Test
    void touchReturnsTheVersionItKeeps() {
        final long version = put("k", "v");
        assertEquals(version, touch("k", NOW + 1000));
        assertTrue(get("k"));
        assertEquals(version, captured.version);
        assertEquals(NOW + 1000, captured.expiresAtMs);
        assertEquals(0, touch("absent", NOW + 1000));
        clock.advance(1000);
        assertEquals(0, touch("k", NOW + 5000));
    }

    @Test
    void tombstoneVersionIsZeroForLiveAndAbsentKeys() {
        put("live", "v");
        assertEquals(0, tombstoneVersion("live"));
        assertEquals(0, tombstoneVersion("absent"));
        final long deleted = Store.deletedVersion(delete("live"));
        assertEquals(deleted, tombstoneVersion("live"));
    }

    @Test
    void nonPositiveVersionsAreRefused() {
        final DirectBuffer k = bytes("k");
        assertThrows(IllegalArgumentException.class, () -> store.apply(k, 0, 1, k, 0, 1, 0, Store.NO_EXPIRY, 0));
        assertThrows(IllegalArgumentException.class, () -> store.applyTombstone(k, 0, 1, -5, Store.NO_EXPIRY));
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

    private long apply(String key, String value, int flags, long expiresAtMs, long version) {
        final DirectBuffer k = bytes(key);
        final DirectBuffer v = bytes(value);
        return store.apply(k, 0, k.capacity(), v, 0, v.capacity(), flags, expiresAtMs, version);
    }

    private long applyTombstone(String key, long version, long expiresAtMs) {
        final DirectBuffer k = bytes(key);
        return store.applyTombstone(k, 0, k.capacity(), version, expiresAtMs);
    }

    private boolean applyTouch(String key, long version, long expiresAtMs) {
        final DirectBuffer k = bytes(key);
        return store.applyTouch(k, 0, k.capacity(), version, expiresAtMs);
    }

    private boolean get(String key) {
        final DirectBuffer k = bytes(key);
        return store.get(k, 0, k.capacity(), captured);
    }

    private long delete(String key) {
        final DirectBuffer k = bytes(key);
        return store.delete(k, 0, k.capacity());
    }

    private long touch(String key, long expiresAtMs) {
        final DirectBuffer k = bytes(key);
        return store.touch(k, 0, k.capacity(), expiresAtMs);
    }

    private long tombstoneVersion(String key) {
        final DirectBuffer k = bytes(key);
        return store.tombstoneVersion(k, 0, k.capacity());
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
