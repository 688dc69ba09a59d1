package io.ringcache.benchmarks.store;

import io.ringcache.benchmarks.BenchmarkDefaults;
import io.ringcache.server.store.EntryReader;
import io.ringcache.server.store.OffHeapStore;
import io.ringcache.server.store.Store;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does one GET hit and one SET that overwrites an existing key cost in the node's store, and does either
 * allocate on the heap? 100-byte keys and 1 KiB values (in direct buffers, as the network layer hands them over),
 * 100,000 keys pre-filled in a 1 GiB store, so no eviction happens; keys are visited in a scattered order so the
 * index and entries are not all in cache.
 *
 * <p>Run it with the allocation profiler ({@code gc.alloc.rate.norm} must be about 0 B/op):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar StoreGetPutBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
public class StoreGetPutBenchmark extends BenchmarkDefaults {

    private static final int KEYS = 100_000;
    private static final int KEY_LENGTH = 100;
    private static final int VALUE_LENGTH = 1024;
    /** Coprime with {@link #KEYS}: steps through every key in an order the prefetcher cannot follow. */
    private static final int STRIDE = 7_919;

    private OffHeapStore store;

    /** Each benchmark thread's own key and value buffers and position in the key space. */
    @State(Scope.Thread)
    public static class Cursor {
        final UnsafeBuffer key = new UnsafeBuffer(ByteBuffer.allocateDirect(KEY_LENGTH));
        final UnsafeBuffer value = new UnsafeBuffer(ByteBuffer.allocateDirect(VALUE_LENGTH));
        final ValueReader reader = new ValueReader();
        int next;

        DirectBuffer nextKey() {
            next = (next + STRIDE) % KEYS;
            key.putInt(0, next);
            return key;
        }
    }

    /** Touches the value's last byte, as copying it out to a response would. */
    public static class ValueReader implements EntryReader {
        byte last;

        @Override
        public void read(int flags, long expiresAtMs, long version, DirectBuffer value, int valueOffset,
                int valueLength) {
            last = value.getByte(valueOffset + valueLength - 1);
        }
    }

    @Setup(Level.Trial)
    public void fill() {
        store = new OffHeapStore(1L << 30, new SystemEpochClock());
        final Cursor cursor = new Cursor();
        for (int i = 0; i < KEYS; i++) {
            store.put(cursor.nextKey(), 0, KEY_LENGTH, cursor.value, 0, VALUE_LENGTH, 0, Store.NO_EXPIRY,
                    Store.ANY_VERSION);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    @Benchmark
    public byte getHit(Cursor cursor) {
        if (!store.get(cursor.nextKey(), 0, KEY_LENGTH, cursor.reader)) {
            throw new IllegalStateException("pre-filled key missing");
        }
        return cursor.reader.last;
    }

    @Benchmark
    public long setOverwrite(Cursor cursor) {
        return store.put(cursor.nextKey(), 0, KEY_LENGTH, cursor.value, 0, VALUE_LENGTH, 0, Store.NO_EXPIRY,
                Store.ANY_VERSION);
    }
}
