package io.ringcache.benchmarks.compare;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.routing.StaticTopologySource;
import io.ringcache.protocol.ring.Topology;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One Ringcache node through the smart client, routed statically to that node (as {@code ringcache bench --static}
 * does), so no topology polling runs beside the load.
 */
final class RingcacheStore implements ComparedStore {
    /**
     * How long a request waits for its answer: the client's default of 1 s is for failing over to a replica, and
     * with one node there is none, so it waits as long as the round's grace, like Lettuce (60 s) and our Memcached
     * client (no limit) wait for theirs. A node stalled on a busy core then shows in the latencies, not as errors.
     */
    private static final Duration ANSWER_WAIT = RoundRecording.GRACE;

    private final RingcacheClient client;

    RingcacheStore(String hostPort, int connections, int ioThreads) {
        this.client = RingcacheClient.builder()
                .topologySource(new StaticTopologySource(Topology.ofAddresses(List.of(hostPort), 1,
                        Topology.DEFAULT_VNODES)))
                .connectionsPerNode(connections)
                .ioThreads(ioThreads)
                .timeout(ANSWER_WAIT)
                .build();
    }

    @Override
    public String name() {
        return "ringcache";
    }

    @Override
    public CompletableFuture<Boolean> get(byte[] key) {
        return client.getAsync(key).thenApply(Objects::nonNull);
    }

    @Override
    public CompletableFuture<Void> set(byte[] key, byte[] value) {
        return client.putAsync(key, value, null, 0).thenApply(version -> null);
    }

    @Override
    public CompletableFuture<Integer> getMany(List<byte[]> keys) {
        return client.getAllAsync(keys).thenApply(RingcacheStore::found);
    }

    @Override
    public CompletableFuture<Void> setMany(List<byte[]> keys, byte[] value) {
        return client.putAllAsync(keys, Collections.nCopies(keys.size(), value), null).thenApply(versions -> null);
    }

    @Override
    public CompletableFuture<StoreFacts> facts() {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Long> stats = client.stats().values().iterator().next();
            return new StoreFacts(stats.getOrDefault("items", -1L), stats.getOrDefault("used_memory", -1L));
        });
    }

    @Override
    public void close() {
        client.close();
    }

    private static int found(List<CacheValue> values) {
        int found = 0;
        for (CacheValue value : values) {
            if (value != null) {
                found++;
            }
        }
        return found;
    }
}
