package io.ringcache.benchmarks.ycsb;

import io.ringcache.benchmarks.compare.ValueStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The record operations of the bindings that go through a client of {@code compare.sh} ({@link ValueStore}: Redis's
 * and Memcached's), written once: each is one request whose future the calling YCSB thread waits for, at most
 * {@link #TIMEOUT_MS}, so that an answer that never comes is an ERROR for YCSB to count, not a thread stuck for good.
 */
abstract class StoreBinding<S extends ValueStore> extends CacheBinding<S> {
    /** How long a request to Redis or Memcached may take; Ringcache's client has its own timeout and failover. */
    static final long TIMEOUT_MS = 5_000;

    StoreBinding(SharedClient<S> shared, String prefix, String addressName, String defaultAddress) {
        super(shared, prefix, addressName, defaultAddress);
    }

    @Override
    protected final byte[] get(byte[] key) throws Exception {
        return await(client().read(key));
    }

    @Override
    protected final void set(byte[] key, byte[] value) throws Exception {
        await(client().set(key, value));
    }

    @Override
    protected final boolean remove(byte[] key) throws Exception {
        return await(client().delete(key));
    }

    private static <T> T await(CompletableFuture<T> answer) throws Exception {
        return answer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
