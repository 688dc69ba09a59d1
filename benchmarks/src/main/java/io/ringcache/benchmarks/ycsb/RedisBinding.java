package io.ringcache.benchmarks.ycsb;

import io.ringcache.benchmarks.compare.RedisStore;
import java.util.Properties;

/**
 * YCSB's binding for Redis ({@code -db io.ringcache.benchmarks.ycsb.RedisBinding}). YCSB 0.17's own Redis binding
 * is not published to Maven Central, so this one stands in for it, through Lettuce (the client of
 * {@code compare.sh}'s {@link RedisStore}, asynchronous and pipelining, like Ringcache's client) rather than Jedis.
 * A record is one string value (GET, SET, DEL), not a hash as in YCSB's binding, so that every cache stores the same
 * bytes. Properties: {@code redis.address} ({@code host:port}, default {@code 127.0.0.1:6379}),
 * {@code redis.connections} (default 1) and {@code redis.iothreads} (default 1).
 */
public final class RedisBinding extends CacheBinding {
    private static final SharedClient<RedisStore> SHARED = new SharedClient<>();

    private RedisStore redis;

    @Override
    protected void open(Properties properties) {
        String address = properties.getProperty("redis.address", "127.0.0.1:6379");
        int connections = intProperty(properties, "redis.connections", 1);
        int ioThreads = intProperty(properties, "redis.iothreads", 1);
        redis = SHARED.acquire(() -> new RedisStore(address, connections, ioThreads));
    }

    @Override
    protected void close() throws Exception {
        redis = null;
        SHARED.release();
    }

    @Override
    protected byte[] get(byte[] key) throws Exception {
        return await(redis.read(key));
    }

    @Override
    protected void set(byte[] key, byte[] value) throws Exception {
        await(redis.set(key, value));
    }

    @Override
    protected boolean remove(byte[] key) throws Exception {
        return await(redis.delete(key));
    }
}
