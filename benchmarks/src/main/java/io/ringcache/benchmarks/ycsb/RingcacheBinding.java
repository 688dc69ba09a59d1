package io.ringcache.benchmarks.ycsb;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;

/**
 * YCSB's binding for Ringcache ({@code -db io.ringcache.benchmarks.ycsb.RingcacheBinding}): YCSB is the load
 * generator that Redis and Memcached users already know, so its workloads are the figures of ours they can compare.
 * Goes through the smart client as an application would: it learns the ring from {@code ringcache.seeds} and routes
 * every key to its node. Properties: {@code ringcache.seeds} (nodes or a manager, {@code host:port,...}, default
 * {@code 127.0.0.1:7001}), {@code ringcache.connections} (per node, default 1) and {@code ringcache.iothreads}
 * (default 1).
 */
public final class RingcacheBinding extends CacheBinding<RingcacheClient> {
    private static final SharedClient<RingcacheClient> SHARED = new SharedClient<>();

    public RingcacheBinding() {
        super(SHARED, "ringcache", "seeds", "127.0.0.1:7001");
    }

    @Override
    protected RingcacheClient connect(String seeds, int connections, int ioThreads) {
        return RingcacheClient.builder()
                .seeds(seeds)
                .connectionsPerNode(connections)
                .ioThreads(ioThreads)
                .build();
    }

    @Override
    protected byte[] get(byte[] key) {
        CacheValue value = client().get(key);
        return value == null ? null : value.value();
    }

    @Override
    protected void set(byte[] key, byte[] value) {
        client().put(key, value);
    }

    @Override
    protected boolean remove(byte[] key) {
        return client().delete(key);
    }
}
