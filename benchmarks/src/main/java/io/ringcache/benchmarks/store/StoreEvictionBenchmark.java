package io.ringcache.benchmarks.store;

import io.ringcache.benchmarks.BenchmarkDefaults;
import io.ringcache.server.store.OffHeapStore;
import io.ringcache.server.store.Store;
import io.ringcache.server.store.StoreStats;
import java.nio.ByteBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does a SET of a new key cost when the store is full, so that every put must first evict an entry (sample
 * chunks, pick the least recently used through the eviction pool, unlink it from its stripe), and does eviction
 * allocate on the heap? 100-byte keys and 1 KiB values in a 64 MiB store (about 56,000 entries), filled until it has
 * already evicted 50,000 entries, so the eviction pools are warm; each put then names a key never seen before.
 * {@link StoreGetPutBenchmark} is the same put without eviction.
 *
 * <p>After each iteration the store's eviction counter is checked against the puts made, so the figure cannot
 * silently turn into puts that found free room. Single-threaded: one writer, as one event loop.
 *
 * <p>Run it with the allocation profiler ({@code gc.alloc.rate.norm} must be about 0 B/op):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar StoreEvictionBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
public class StoreEvictionBenchmark extends BenchmarkDefaults {

    private static final long STORE_BYTES = 64L << 20;
    private static final int KEY_LENGTH = 100;
    private static final int VALUE_LENGTH = 1024;
    /** Evictions made while filling, before any measurement. */
    private static final long WARM_EVICTIONS = 50_000;

    private final UnsafeBuffer key = new UnsafeBuffer(ByteBuffer.allocateDirect(KEY_LENGTH));
    private final UnsafeBuffer value = new UnsafeBuffer(ByteBuffer.allocateDirect(VALUE_LENGTH));
    private final StoreStats stats = new StoreStats();
    private OffHeapStore store;
    private long nextKey;
    private long putsBefore;
    private long evictionsBefore;

    @Setup(Level.Trial)
    public void fill() {
        store = new OffHeapStore(STORE_BYTES, new SystemEpochClock());
        while (store.stats(stats).evictions < WARM_EVICTIONS) {
            if (putNewKey() < 0) {
                throw new IllegalStateException("a put into the full store failed");
            }
        }
    }

    @Setup(Level.Iteration)
    public void countFrom() {
        putsBefore = nextKey;
        evictionsBefore = store.stats(stats).evictions;
    }

    @TearDown(Level.Iteration)
    public void checkEveryPutEvicted() {
        long puts = nextKey - putsBefore;
        long evictions = store.stats(stats).evictions - evictionsBefore;
        if (evictions < puts) {
            throw new IllegalStateException(puts + " puts made only " + evictions + " evictions");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    @Benchmark
    public long putEvicting() {
        return putNewKey();
    }

    private long putNewKey() {
        key.putLong(0, nextKey++);
        return store.put(key, 0, KEY_LENGTH, value, 0, VALUE_LENGTH, 0, Store.NO_EXPIRY, Store.ANY_VERSION);
    }
}
