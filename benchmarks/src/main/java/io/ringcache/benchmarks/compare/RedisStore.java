package io.ringcache.benchmarks.compare;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis server through Lettuce, Redis's asynchronous Netty client: like Ringcache's client it pipelines any
 * number of requests on each connection and completes futures on its I/O threads, so both are driven alike.
 * Requests go round-robin over {@code connections} connections, as Ringcache's client spreads them over its own.
 * Public for the YCSB binding ({@code io.ringcache.benchmarks.ycsb}), which also reads values and deletes.
 */
public final class RedisStore implements ValueStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    static {
        // Epoll, as Ringcache's client and the Memcached client use; without this Lettuce warns on every connect
        // that it chose epoll over io_uring.
        System.setProperty("io.lettuce.core.iouring", "false");
    }

    private final EventLoopGroupProvider eventLoops;
    private final ClientResources resources;
    private final RedisClient client;
    private final List<StatefulRedisConnection<byte[], byte[]>> connections = new ArrayList<>();
    private final List<RedisAsyncCommands<byte[], byte[]>> commands = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public RedisStore(String hostPort, int connectionCount, int ioThreads) {
        HostPort address = HostPort.parse(hostPort);
        // A provider of our own: Lettuce raises an ioThreadPoolSize below 2 to 2, the other clients run on one.
        this.eventLoops = new DefaultEventLoopGroupProvider(ioThreads);
        this.resources = DefaultClientResources.builder().eventLoopGroupProvider(eventLoops).build();
        RedisURI uri = RedisURI.builder().withHost(address.host()).withPort(address.port()).withTimeout(TIMEOUT)
                .build();
        this.client = RedisClient.create(resources, uri);
        try {
            for (int i = 0; i < connectionCount; i++) {
                StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
                connections.add(connection);
                commands.add(connection.async());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public CompletableFuture<Boolean> get(byte[] key) {
        return read(key).thenApply(Objects::nonNull);
    }

    @Override
    public CompletableFuture<byte[]> read(byte[] key) {
        return next().get(key).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Boolean> delete(byte[] key) {
        return next().del(key).toCompletableFuture().thenApply(deleted -> deleted > 0);
    }

    @Override
    public CompletableFuture<Void> set(byte[] key, byte[] value) {
        return next().set(key, value).toCompletableFuture().thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<Integer> getMany(List<byte[]> keys) {
        return next().mget(keys.toArray(new byte[0][])).toCompletableFuture().thenApply(RedisStore::found);
    }

    @Override
    public CompletableFuture<Void> setMany(List<byte[]> keys, byte[] value) {
        Map<byte[], byte[]> entries = new IdentityHashMap<>();
        for (byte[] key : keys) {
            entries.put(key, value);
        }
        return next().mset(entries).toCompletableFuture().thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<StoreFacts> facts() {
        RedisAsyncCommands<byte[], byte[]> redis = next();
        CompletableFuture<Long> items = redis.dbsize().toCompletableFuture();
        CompletableFuture<String> info = redis.info("memory").toCompletableFuture();
        return items.thenCombine(info, (count, memory) -> new StoreFacts(count, infoField(memory, "used_memory")));
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        client.shutdown(Duration.ZERO, TIMEOUT);
        resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
        eventLoops.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /** A numeric {@code name:value} line of an INFO answer, or -1. */
    static long infoField(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        return -1;
    }

    private RedisAsyncCommands<byte[], byte[]> next() {
        return commands.get(Math.floorMod(next.getAndIncrement(), commands.size()));
    }

    private static int found(List<KeyValue<byte[], byte[]>> values) {
        int found = 0;
        for (KeyValue<byte[], byte[]> value : values) {
            if (value.hasValue()) {
                found++;
            }
        }
        return found;
    }
}
