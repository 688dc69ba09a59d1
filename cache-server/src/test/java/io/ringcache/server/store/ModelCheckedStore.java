package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;

/**
 * Drives an {@link OffHeapStore} with random operations and checks every answer against a plain on-heap model.
 *
 * <p>With {@code evicting == false} answers must match the model exactly. With eviction allowed, the store may have
 * dropped a key the model still holds, but whatever it returns must be the model's latest value for that key (never
 * a stale, corrupt or expired one); once the store shows a key is gone the model forgets it too. The model also
 * keeps the tombstones deletes leave, which without eviction must match the store's exactly.
 */
final class ModelCheckedStore {

    private record Entry(int sourceOffset, int length, int flags, long expiresAt, long version) {
    }

    private record Tombstone(long version, long expiresAt) {
    }

    private final OffHeapStore store;
    private final CachedEpochClock clock;
    private final RandomWorkload workload;
    private final boolean evicting;
    private final Map<Integer, Entry> model = new HashMap<>();
    private final Map<Integer, Tombstone> tombstones = new HashMap<>();
    private final StoreStats stats = new StoreStats();
    private final CheckingReader reader = new CheckingReader();
    private long lastVersion;

    ModelCheckedStore(OffHeapStore store, CachedEpochClock clock, RandomWorkload workload, boolean evicting) {
        this.store = store;
        this.clock = clock;
        this.workload = workload;
        this.evicting = evicting;
    }

    void run(int operations) {
        for (int op = 0; op < operations; op++) {
            final int key = workload.random.nextInt(workload.keys.length);
            final int dice = workload.random.nextInt(100);
            if (dice < 40) {
                put(key, Store.ANY_VERSION);
            } else if (dice < 48) {
                compareAndSet(key);
            } else if (dice < 80) {
                get(key);
            } else if (dice < 88) {
                delete(key);
            } else if (dice < 95) {
                touch(key);
            } else {
                clock.advance(workload.random.nextInt(2000));
            }
            store.stats(stats);
            assertTrue(stats.usedMemory <= stats.maxMemory, () -> "used " + stats.usedMemory + " > max");
        }
    }

    /** Reclaims everything expired and checks the store holds exactly what the model still holds. */
    void checkItems() {
        new ExpirySweeper(store, 256).sweepAll();
        model.values().removeIf(entry -> isExpired(entry));
        tombstones.values().removeIf(tombstone -> tombstone.expiresAt <= clock.time());
        store.stats(stats);
        if (evicting) {
            assertTrue(stats.items <= model.size(), "store holds keys the model never kept");
            assertTrue(stats.tombstones <= tombstones.size(), "store holds tombstones the model never kept");
        } else {
            assertEquals(model.size(), stats.items);
            assertEquals(tombstones.size(), stats.tombstones);
            final long entriesWithExpiry = model.values().stream()
                    .filter(entry -> entry.expiresAt != Store.NO_EXPIRY).count();
            assertEquals(entriesWithExpiry + tombstones.size(), stats.expiring,
                    "entries and tombstones with an expiry");
        }
    }

    private boolean isExpired(Entry entry) {
        return entry.expiresAt != Store.NO_EXPIRY && entry.expiresAt <= clock.time();
    }

    private Entry live(int key) {
        final Entry entry = model.get(key);
        if (entry != null && isExpired(entry)) {
            model.remove(key);
            return null;
        }
        return entry;
    }

    private long expiry() {
        return workload.random.nextInt(3) == 0 ? clock.time() + 1 + workload.random.nextInt(5000) : Store.NO_EXPIRY;
    }

    private void put(int key, long casVersion) {
        final int length = workload.valueLength();
        final int offset = workload.valueOffset();
        final int flags = workload.random.nextInt();
        final long expiresAt = expiry();
        final DirectBuffer keyBuffer = workload.keys[key];
        final long version = store.put(keyBuffer, 0, keyBuffer.capacity(), workload.source, offset, length, flags,
                expiresAt, casVersion);
        assertTrue(version > lastVersion, () -> "version " + version + " not above " + lastVersion);
        lastVersion = version;
        model.put(key, new Entry(offset, length, flags, expiresAt, version));
        tombstones.remove(key);
    }

    private void compareAndSet(int key) {
        final Entry entry = live(key);
        final boolean rightVersion = entry != null && workload.random.nextBoolean();
        final long casVersion = rightVersion ? entry.version : 1 + workload.random.nextInt(1000);
        final int length = workload.valueLength();
        final int offset = workload.valueOffset();
        final DirectBuffer keyBuffer = workload.keys[key];
        final long result = store.put(keyBuffer, 0, keyBuffer.capacity(), workload.source, offset, length, 7,
                Store.NO_EXPIRY, casVersion);
        if (result > 0) {
            assertTrue(rightVersion, "compare-and-set succeeded with a wrong version");
            assertTrue(result > lastVersion);
            lastVersion = result;
            model.put(key, new Entry(offset, length, 7, Store.NO_EXPIRY, result));
            tombstones.remove(key);
        } else if (result == Store.PUT_NOT_FOUND && evicting) {
            model.remove(key);
        } else {
            assertEquals(entry == null ? Store.PUT_NOT_FOUND : Store.PUT_VERSION_MISMATCH, result);
        }
    }

    private void get(int key) {
        final Entry entry = live(key);
        final DirectBuffer keyBuffer = workload.keys[key];
        reader.expected = entry;
        reader.called = false;
        final boolean found = store.get(keyBuffer, 0, keyBuffer.capacity(), reader);
        assertEquals(found, reader.called);
        if (found) {
            assertTrue(entry != null, "store returned a key that is deleted or expired");
            assertTrue(reader.matches, "store returned a stale or corrupt entry");
        } else if (evicting) {
            model.remove(key);
        } else {
            assertEquals(null, entry, "store lost a key");
            final Tombstone tombstone = tombstones.get(key);
            final long expected = tombstone == null || tombstone.expiresAt <= clock.time() ? 0 : tombstone.version;
            assertEquals(expected, store.tombstoneVersion(keyBuffer, 0, keyBuffer.capacity()), "wrong tombstone");
        }
    }

    private void delete(int key) {
        final Entry entry = live(key);
        final DirectBuffer keyBuffer = workload.keys[key];
        final long result = store.delete(keyBuffer, 0, keyBuffer.capacity());
        final boolean deleted = Store.deleteFoundLive(result);
        if (!evicting || deleted) {
            assertEquals(entry != null, deleted);
        }
        final long version = Store.deletedVersion(result);
        assertTrue(version > lastVersion, () -> "delete version " + version + " not above " + lastVersion);
        lastVersion = version;
        model.remove(key);
        tombstones.put(key, new Tombstone(version, clock.time() + OffHeapStore.DEFAULT_TOMBSTONE_TTL_MS));
    }

    private void touch(int key) {
        final Entry entry = live(key);
        final long expiresAt = expiry();
        final DirectBuffer keyBuffer = workload.keys[key];
        final long touchedVersion = store.touch(keyBuffer, 0, keyBuffer.capacity(), expiresAt);
        final boolean touched = touchedVersion > 0;
        if (!evicting || touched) {
            assertEquals(entry != null, touched);
        }
        if (touched) {
            assertEquals(entry.version, touchedVersion, "touch must keep the version");
            model.put(key, new Entry(entry.sourceOffset, entry.length, entry.flags, expiresAt, entry.version));
        } else {
            model.remove(key);
        }
    }

    /** Compares what the store hands out with the model's entry. */
    private final class CheckingReader implements EntryReader {
        Entry expected;
        boolean called;
        boolean matches;

        @Override
        public void read(int flags, long expiresAtMs, long version, DirectBuffer value, int valueOffset,
                int valueLength) {
            called = true;
            matches = expected != null && expected.flags == flags && expected.expiresAt == expiresAtMs
                && expected.version == version && expected.length == valueLength
                && workload.sameBytes(expected.sourceOffset, value, valueOffset, valueLength);
        }
    }
}
