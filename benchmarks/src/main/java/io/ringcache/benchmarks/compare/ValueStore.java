package io.ringcache.benchmarks.compare;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link ComparedStore} that also hands back the values it holds and deletes them: the comparison never does
 * either, the YCSB bindings for Redis and Memcached ({@code io.ringcache.benchmarks.ycsb.StoreBinding}) need both.
 * Ringcache's YCSB binding goes through the smart client itself, so {@link RingcacheStore} is not one.
 */
public interface ValueStore extends ComparedStore {

    /** Reads one key; completes with its value, or null when it is not there. */
    CompletableFuture<byte[]> read(byte[] key);

    /** Deletes one key; completes with whether it was there. */
    CompletableFuture<Boolean> delete(byte[] key);
}
