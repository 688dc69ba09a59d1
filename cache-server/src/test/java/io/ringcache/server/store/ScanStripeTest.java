package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.server.eviction.LruPolicy;
import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Range transfer reads the store stripe by stripe: every unexpired entry and tombstone, once, with its fields. */
class ScanStripeTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final int KEYS = 20_000;

    /** What a scan reported for one key. */
    private record Seen(long keyHash, boolean tombstone, long version, long expiresAtMs, int flags, String value) {
    }

    /** What the test wrote for one key. */
    private record Expected(boolean tombstone, long version, long expiresAtMs, int flags, String value) {
    }

    @Test
    void scanVisitsEveryUnexpiredEntryAndTombstoneExactlyOnceWithItsFields() {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(NOW);
        try (OffHeapStore store = new OffHeapStore(256L << 20, clock, new LruPolicy(), 5, 4, 10_000)) {
            final Map<String, Expected> expected = new HashMap<>();
            final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[64]);
            for (int i = 0; i < KEYS; i++) {
                final int keyLength = key.putStringWithoutLengthAscii(0, "key-" + i);
                final String text = "value-" + i + "-".repeat(i % 40);
                final int valueLength = value.putStringWithoutLengthAscii(0, text);
                final long expiresAt = i % 5 == 0 ? NOW + 100 : i % 5 == 1 ? NOW + 1000 : Store.NO_EXPIRY;
                final long version = store.put(key, 0, keyLength, value, 0, valueLength, i, expiresAt,
                        Store.ANY_VERSION);
                final String name = "key-" + i;
                if (i % 7 == 3) {
                    final long deleted = Store.deletedVersion(store.delete(key, 0, keyLength));
                    expected.put(name, new Expected(true, deleted, NOW + 10_000, 0, ""));
                } else if (i % 5 != 0) {
                    expected.put(name, new Expected(false, version, expiresAt, i, text));
                }
            }
            clock.advance(100);
            final StoreStats before = store.stats(new StoreStats());

            final Map<String, Seen> seen = new HashMap<>();
            for (int s = 0; s < store.stripeCount(); s++) {
                final int stripe = s;
                store.scanStripe(s, (keyHash, tombstone, version, expiresAtMs, flags, k, keyOffset, keyLength, v,
                        valueOffset, valueLength) -> {
                    final String name = k.getStringWithoutLengthAscii(keyOffset, keyLength);
                    assertEquals(KeyHash.hash(k, keyOffset, keyLength), keyHash);
                    assertEquals(stripe, HashBits.stripe(keyHash));
                    final Seen previous = seen.put(name, new Seen(keyHash, tombstone, version, expiresAtMs, flags,
                            v.getStringWithoutLengthAscii(valueOffset, valueLength)));
                    assertNull(previous, () -> name + " visited twice");
                });
            }

            assertEquals(expected.size(), seen.size());
            for (final Map.Entry<String, Expected> entry : expected.entrySet()) {
                final Seen got = seen.get(entry.getKey());
                final Expected want = entry.getValue();
                assertTrue(got != null, () -> entry.getKey() + " not visited");
                assertEquals(want.tombstone, got.tombstone, entry.getKey());
                assertEquals(want.version, got.version, entry.getKey());
                assertEquals(want.expiresAtMs, got.expiresAtMs, entry.getKey());
                assertEquals(want.flags, got.flags, entry.getKey());
                assertEquals(want.value, got.value, entry.getKey());
            }
            final StoreStats after = store.stats(new StoreStats());
            assertEquals(before.items, after.items, "a scan reclaims nothing");
            assertEquals(before.expirations, after.expirations);
            assertEquals(before.hits + before.misses, after.hits + after.misses, "a scan is not a read");
        }
    }

    @Test
    void scanOfAnEmptyStripeVisitsNothingAndAClosedStoreRefusesToScan() {
        final CachedEpochClock clock = new CachedEpochClock();
        final OffHeapStore store = new OffHeapStore(4L << 20, clock);
        final boolean[] visited = {false};
        final EntryVisitor visitor = (keyHash, tombstone, version, expiresAtMs, flags, key, keyOffset, keyLength,
                value, valueOffset, valueLength) -> visited[0] = true;
        for (int s = 0; s < store.stripeCount(); s++) {
            store.scanStripe(s, visitor);
        }
        assertFalse(visited[0]);
        store.close();
        assertThrows(IllegalStateException.class, () -> store.scanStripe(0, visitor));
    }

    /** Reads the access time through the key view, which points into the entry (white-box, same package). */
    @Test
    void scanDoesNotRefreshLastAccess() {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(NOW);
        try (OffHeapStore store = new OffHeapStore(16L << 20, clock)) {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
            for (int i = 0; i < 1000; i++) {
                key.putInt(0, i);
                store.put(key, 0, 8, key, 0, 8, 0, Store.NO_EXPIRY, Store.ANY_VERSION);
            }
            clock.advance(1000);
            final long[] idle = new long[1000];
            final EntryVisitor idleTimes = (keyHash, tombstone, version, expiresAtMs, flags, k, keyOffset, keyLength,
                    v, valueOffset, valueLength) -> {
                final long entry = k.addressOffset() + keyOffset - EntryLayout.HEADER_LENGTH;
                idle[k.getInt(keyOffset)] = EntryLayout.idleMs(entry, clock.time());
            };
            for (int round = 0; round < 2; round++) {
                for (int s = 0; s < store.stripeCount(); s++) {
                    store.scanStripe(s, idleTimes);
                }
                for (int i = 0; i < 1000; i++) {
                    assertEquals(1000, idle[i], "entry " + i + " in round " + round);
                }
            }
            key.putInt(0, 7);
            store.get(key, 0, 8, (flags, expiresAtMs, version, v, offset, length) -> { });
            for (int s = 0; s < store.stripeCount(); s++) {
                store.scanStripe(s, idleTimes);
            }
            assertEquals(0, idle[7], "a read does refresh it");
            assertEquals(1000, idle[8]);
        }
    }
}
