package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.KeyHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster client against three real node processes: routing, batches, and a node killed with kill -9 (last,
 * since the restarted node comes back empty).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterClientIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final List<RingcacheProcess> NODES = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        for (int i = 0; i < 3; i++) {
            NODES.add(RingcacheProcess.node("64m"));
        }
    }

    @AfterAll
    static void stopNodes() {
        for (RingcacheProcess node : NODES) {
            node.close();
        }
    }

    private static String seeds() {
        return String.join(",", NODES.stream().map(RingcacheProcess::address).toList());
    }

    private static RingcacheClient client() {
        return RingcacheClient.builder().seeds(seeds()).timeout(TIMEOUT).build();
    }

    /** For bulk loads into freshly started (cold) node JVMs, where a 1,000-key chunk may take a while. */
    private static RingcacheClient patientClient() {
        return RingcacheClient.builder().seeds(seeds()).timeout(Duration.ofSeconds(10)).build();
    }

    /** A client that can only reach one node, to see what that node itself holds. */
    private static RingcacheClient direct(RingcacheProcess node) {
        return RingcacheClient.builder().seeds(node.address()).replicationFactor(1).timeout(TIMEOUT).build();
    }

    private static byte[] key(String prefix, int i) {
        return (prefix + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hundredThousandKeys_landOnTheirRingOwners_andReadBack() {
        int n = 100_000;
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(key("owned-", i));
        }
        try (RingcacheClient client = patientClient()) {
            client.putAll(keys, keys, null);
            assertEquals(0, client.metrics().failovers(), "writes went to another replica");
            List<CacheValue> back = client.getAll(keys);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(keys.get(i), back.get(i).value(), "key " + i);
            }
            HashRing ring = HashRing.of(client.topology());
            for (RingcacheProcess node : NODES) {
                List<byte[]> owned = new ArrayList<>();
                List<byte[]> others = new ArrayList<>();
                for (byte[] key : keys) {
                    boolean mine = ring.node(ring.primary(KeyHash.hash(key))).id().equals(node.address());
                    (mine ? owned : others).add(key);
                }
                assertTrue(owned.size() > n / 5, node.address() + " owns " + owned.size());
                try (RingcacheClient direct = direct(node)) {
                    assertTrue(direct.getAll(owned).stream().allMatch(v -> v != null), node.address());
                    assertTrue(direct.getAll(others).stream().allMatch(v -> v == null), node.address());
                }
            }
        }
    }

    @Test
    void batchOfAThousandKeysOverThreeNodes_returnsExactlyTheFoundAndMissingSplit() {
        try (RingcacheClient client = client()) {
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> stored = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                keys.add(key("split-", i));
                if (i % 3 != 0) {
                    stored.add(key("split-", i));
                }
            }
            client.putAll(stored, stored, Duration.ofMinutes(1));
            List<CacheValue> found = client.getAll(keys);
            assertEquals(1_000, found.size());
            for (int i = 0; i < 1_000; i++) {
                if (i % 3 == 0) {
                    assertNull(found.get(i), "key " + i);
                } else {
                    assertArrayEquals(keys.get(i), found.get(i).value(), "key " + i);
                }
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void killNineOfOneNode_readsOfOtherNodesKeysNeverFailNorWaitAFullTimeout_andTheNodeIsUsedAgainAfterRestart()
            throws Exception {
        RingcacheProcess victim = NODES.get(2);
        try (RingcacheClient client = client()) {
            HashRing ring = HashRing.of(client.topology());
            List<byte[]> survivorsKeys = new ArrayList<>();
            List<byte[]> victimsKeys = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                byte[] key = key("kill-", i);
                String owner = ring.node(ring.primary(KeyHash.hash(key))).id();
                (owner.equals(victim.address()) ? victimsKeys : survivorsKeys).add(key);
            }
            client.putAll(survivorsKeys, survivorsKeys, null);
            client.putAll(victimsKeys, victimsKeys, null);

            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong slowest = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                Thread reader = new Thread(() -> {
                    for (int i = offset; running.get(); i += 4) {
                        byte[] key = survivorsKeys.get(i % survivorsKeys.size());
                        long start = System.nanoTime();
                        try {
                            CacheValue value = client.get(key);
                            if (value == null) {
                                failures.add(new AssertionError("miss for a survivor's key"));
                            }
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                        slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                        reads.incrementAndGet();
                    }
                });
                reader.start();
                readers.add(reader);
            }
            Thread.sleep(500);
            victim.kill();
            Thread.sleep(1_500);
            for (byte[] key : victimsKeys.subList(0, 100)) {
                client.get(key);
            }
            running.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
            assertTrue(failures.isEmpty(), "reads failed: " + failures.peek());
            assertTrue(slowest.get() < TIMEOUT.toNanos(), "slowest read took "
                    + TimeUnit.NANOSECONDS.toMillis(slowest.get()) + " ms");
            assertTrue(reads.get() > 1_000, "only " + reads.get() + " reads");
            assertTrue(client.metrics().failovers() > 0);

            victim.restart();
            byte[] back = victimsKeys.get(0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean onVictim = false;
            while (!onVictim && System.nanoTime() < deadline) {
                client.put(back, back);
                try (RingcacheClient direct = direct(victim)) {
                    onVictim = direct.get(back) != null;
                } catch (RuntimeException stillStarting) {
                    onVictim = false;
                }
                Thread.sleep(100);
            }
            assertTrue(onVictim, "the restarted node got no writes for its keys");
            assertNotNull(client.get(back));
        }
        Map<String, Long> stats;
        try (RingcacheClient direct = direct(victim)) {
            stats = direct.stats().get(victim.address());
        }
        assertTrue(stats.get("items") >= 1);
    }
}
