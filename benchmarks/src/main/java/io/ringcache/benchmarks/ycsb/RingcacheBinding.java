package io.ringcache.benchmarks.ycsb;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import java.util.Properties;

/**
 * YCSB's binding for Ringcache ({@code -db io.ringcache.benchmarks.ycsb.RingcacheBinding}): YCSB is the load
 * generator that Redis and Memcached users already know, so its workloads are the figures of ours they can compare.
 * Goes through the smart client as an application would: it learns the ring from {@code ringcache.seeds} and routes
 * every key to its node. Properties: {@code ringcache.seeds} (nodes or a manager, {@code host:port,...}, default
 * {@code 127.0.0.1:7001}), {@code ringcache.connections} (per node, default 1) and {@code ringcache.iothreads}
 * (default 1).
 */
public final class RingcacheBinding extends CacheBinding {
    private static final SharedClient<RingcacheClient> SHARED = new SharedClient<>();

    private RingcacheClient client;

    @Override
    protected void open(Properties properties) {
        String seeds = properties.getProperty("ringcache.seeds", "127.0.0.1:7001");
        int connections = intProperty(properties, "ringcache.connections", 1);
        int ioThreads = intProperty(properties, "ringcache.iothreads", 1);
        client = SHARED.acquire(() -> RingcacheClient.builder()
                .seeds(seeds)
                .connectionsPerNode(connections)
                .ioThreads(ioThreads)
                .build());
    }

    @Override
    protected void close() throws Exception {
        client = null;
        SHARED.release();
    }

    @Override
    protected byte[] get(byte[] key) {
        CacheValue value = client.get(key);
        return value == null ? null : value.value();
    }

    @Override
    protected void set(byte[] key, byte[] value) {
        client.put(key, value);
    }

    @Override
    protected boolean remove(byte[] key) {
        return client.delete(key);
    }
}
