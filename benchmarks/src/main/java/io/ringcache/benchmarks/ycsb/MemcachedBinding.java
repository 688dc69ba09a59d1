package io.ringcache.benchmarks.ycsb;

import io.ringcache.benchmarks.compare.MemcachedStore;

/**
 * YCSB's binding for Memcached ({@code -db io.ringcache.benchmarks.ycsb.MemcachedBinding}). YCSB 0.17's own
 * Memcached binding is not published to Maven Central, so this one stands in for it, through the pipelining
 * text-protocol client of {@code compare.sh} ({@link MemcachedStore}, see there why not spymemcached or xmemcached).
 * Properties: {@code memcached.address} ({@code host:port}, default {@code 127.0.0.1:11211}),
 * {@code memcached.connections} (default 1) and {@code memcached.iothreads} (default 1).
 */
public final class MemcachedBinding extends StoreBinding<MemcachedStore> {
    private static final SharedClient<MemcachedStore> SHARED = new SharedClient<>();

    public MemcachedBinding() {
        super(SHARED, "memcached", "address", "127.0.0.1:11211");
    }

    @Override
    protected MemcachedStore connect(String address, int connections, int ioThreads) {
        return new MemcachedStore(address, connections, ioThreads);
    }
}
