package io.ringcache.benchmarks.ycsb;

import io.ringcache.benchmarks.compare.RedisStore;

/**
 * YCSB's binding for Redis ({@code -db io.ringcache.benchmarks.ycsb.RedisBinding}). YCSB 0.17's own Redis binding
 * is not published to Maven Central, so this one stands in for it, through Lettuce (the client of
 * {@code compare.sh}'s {@link RedisStore}, asynchronous and pipelining, like Ringcache's client) rather than Jedis.
 * A record is one string value (GET, SET, DEL), not a hash as in YCSB's binding, so that every cache stores the same
 * bytes. Properties: {@code redis.address} ({@code host:port}, default {@code 127.0.0.1:6379}),
 * {@code redis.connections} (default 1) and {@code redis.iothreads} (default 1).
 */
public final class RedisBinding extends StoreBinding<RedisStore> {
    private static final SharedClient<RedisStore> SHARED = new SharedClient<>();

    public RedisBinding() {
        super(SHARED, "redis", "address", "127.0.0.1:6379");
    }

    @Override
    protected RedisStore connect(String address, int connections, int ioThreads) {
        return new RedisStore(address, connections, ioThreads);
    }
}
