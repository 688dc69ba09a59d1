package io.ringcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

/** A node under write floods and mass expiry keeps to its memory bound and keeps serving. */
class NodeMemoryBoundTest {
    private static final long MAX_MEMORY = 32L << 20;

    private static byte[] valueFor(int id, int length) {
        byte[] value = new byte[length];
        Random random = new Random(id);
        random.nextBytes(value);
        return value;
    }

    private static int lengthFor(int id) {
        Random random = new Random(id * 31L + 7);
        int roll = random.nextInt(100);
        if (roll < 70) {
            return 100 + random.nextInt(2_000);
        } else if (roll < 95) {
            return 2_000 + random.nextInt(60_000);
        }
        return 100_000 + random.nextInt(1024 * 1024 - 100_000);
    }

    @Test
    void writeFloodOfFourTimesMaxMemory_staysWithinTheBound_andKeepsServing() throws InterruptedException {
        try (CacheNode node = CacheNode.start(new NodeContext().port(0).maxMemory(MAX_MEMORY).ioThreads(2));
                RingcacheClient client = RingcacheClient.builder().seeds("127.0.0.1:" + node.port())
                        .timeout(Duration.ofSeconds(10)).build()) {
            long written = 0;
            int id = 0;
            List<CompletableFuture<Long>> window = new ArrayList<>();
            while (written < 4 * MAX_MEMORY) {
                int length = lengthFor(id);
                window.add(client.putAsync(key(id), valueFor(id, length), null, length));
                written += length;
                id++;
                if (window.size() == 64) {
                    window.forEach(CompletableFuture::join);
                    window.clear();
                    assertTrue(nodeStats(client).get("used_memory") <= MAX_MEMORY);
                }
            }
            window.forEach(CompletableFuture::join);
            Map<String, Long> stats = nodeStats(client);
            assertTrue(stats.get("used_memory") <= MAX_MEMORY, "used " + stats.get("used_memory"));
            assertTrue(stats.get("evictions") > 0);
            int found = 0;
            for (int i = 0; i < id; i++) {
                CacheValue value = client.get(key(i));
                if (value != null) {
                    assertArrayEquals(valueFor(i, value.flags()), value.value(), "value of key " + i);
                    found++;
                }
            }
            assertTrue(found > 0);
            client.put(key(-1), new byte[1024 * 1024]);
            assertEquals(1024 * 1024, client.get(key(-1)).value().length);
        }
    }

    @Test
    void expiryOfThousandsOfKeys_freesTheirMemory() throws InterruptedException {
        CachedEpochClock clock = new CachedEpochClock();
        clock.update(System.currentTimeMillis());
        try (CacheNode node = CacheNode.start(new NodeContext().port(0).maxMemory(MAX_MEMORY).ioThreads(1)
                        .clock(clock));
                RingcacheClient client = RingcacheClient.builder().seeds("127.0.0.1:" + node.port()).build()) {
            long empty = nodeStats(client).get("used_memory");
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                keys.add(key(i));
                values.add(new byte[1024]);
            }
            client.putAll(keys, values, Duration.ofSeconds(10));
            Map<String, Long> loaded = nodeStats(client);
            assertEquals(10_000, loaded.get("items"));
            assertTrue(loaded.get("used_memory") > empty + 10_000 * 1024);
            clock.advance(11_000);
            long deadline = System.nanoTime() + 20_000_000_000L;
            Map<String, Long> after = nodeStats(client);
            while (after.get("items") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                after = nodeStats(client);
            }
            assertEquals(0, after.get("items"));
            assertEquals(10_000, after.get("expirations"));
            assertTrue(after.get("used_memory") < empty + (1 << 20) * 2L, "used " + after.get("used_memory")
                    + " bytes after expiry, " + empty + " when empty");
        }
    }

    private static Map<String, Long> nodeStats(RingcacheClient client) {
        return client.stats().values().iterator().next();
    }

    private static byte[] key(int id) {
        return ("flood-" + id).getBytes(StandardCharsets.UTF_8);
    }
}
