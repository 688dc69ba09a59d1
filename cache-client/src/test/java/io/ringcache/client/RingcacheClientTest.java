package io.ringcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.protocol.Limits;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The direct client against a real node on a loopback port. */
class RingcacheClientTest {
    private static CacheNode node;
    private RingcacheClient client;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = CacheNode.start(new NodeContext().port(0).maxMemory(64L << 20).ioThreads(2));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void connect() {
        client = RingcacheClient.builder().seeds("127.0.0.1:" + node.port()).build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void put_thenGet_returnsValueTtlAndVersion() {
        long version = client.put(bytes("k1"), bytes("v1"), Duration.ofSeconds(30));
        CacheValue value = client.get(bytes("k1"));
        assertArrayEquals(bytes("v1"), value.value());
        assertEquals(version, value.version());
        assertTrue(value.ttlRemainingMs() > 29_000 && value.ttlRemainingMs() <= 30_000);
    }

    @Test
    void get_missingKey_returnsNull() {
        assertNull(client.get(bytes("never-stored")));
    }

    @Test
    void delete_andTouch_sayWhetherTheKeyWasThere() {
        client.put(bytes("k2"), bytes("v"));
        assertTrue(client.touch(bytes("k2"), Duration.ofMinutes(1)));
        assertTrue(client.delete(bytes("k2")));
        assertFalse(client.delete(bytes("k2")));
        assertFalse(client.touch(bytes("k2"), Duration.ofMinutes(1)));
    }

    @Test
    void putIfVersion_winsOnlyWithTheCurrentVersion() {
        long first = client.put(bytes("cas"), bytes("a"));
        long second = client.putIfVersion(bytes("cas"), bytes("b"), null, first);
        assertTrue(second > first);
        assertEquals(0, client.putIfVersion(bytes("cas"), bytes("c"), null, first));
        assertArrayEquals(bytes("b"), client.get(bytes("cas")).value());
    }

    @Test
    void batches_largerThanTheProtocolCap_areSplitAndKeepOrder() {
        int n = 2_500;
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(bytes("batch-" + i));
            values.add(bytes("value-" + i));
        }
        long[] versions = client.putAll(keys, values, Duration.ofMinutes(5));
        assertEquals(n, versions.length);
        List<byte[]> asked = new ArrayList<>(keys);
        asked.add(1_234, bytes("batch-missing"));
        List<CacheValue> found = client.getAll(asked);
        assertEquals(n + 1, found.size());
        assertNull(found.get(1_234));
        for (int i = 0; i < asked.size(); i++) {
            if (i != 1_234) {
                assertArrayEquals(values.get(i < 1_234 ? i : i - 1), found.get(i).value(), "item " + i);
            }
        }
        boolean[] existed = client.deleteAll(asked);
        assertFalse(existed[1_234]);
        assertTrue(existed[0] && existed[n]);
    }

    @Test
    void getAllOfLargeValues_overTheResponseLimit_isSplitTransparently() throws InterruptedException {
        try (CacheNode big = CacheNode.start(new NodeContext().port(0).maxMemory(128L << 20).ioThreads(1));
                RingcacheClient local = RingcacheClient.builder().seeds("127.0.0.1:" + big.port())
                        .timeout(Duration.ofSeconds(10)).build()) {
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                byte[] key = bytes("large-" + i);
                byte[] value = new byte[Limits.MAX_VALUE_LENGTH];
                value[0] = (byte) i;
                local.put(key, value);
                keys.add(key);
            }
            List<CacheValue> values = local.getAll(keys);
            for (int i = 0; i < 70; i++) {
                assertEquals((byte) i, values.get(i).value()[0], "key " + i);
                assertEquals(Limits.MAX_VALUE_LENGTH, values.get(i).value().length);
            }
            assertEquals(0, local.metrics().errors());
        }
    }

    @Test
    void asyncCalls_pipelineOnOneConnection() {
        List<CompletableFuture<Long>> puts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            puts.add(client.putAsync(bytes("async-" + i), bytes("v" + i), null, i));
        }
        puts.forEach(CompletableFuture::join);
        CacheValue value = client.getAsync(bytes("async-4999")).join();
        assertEquals(4_999, value.flags());
    }

    @Test
    void metrics_countRequestsHitsMissesAndLatencyPerNode() {
        client.put(bytes("m1"), bytes("v"));
        client.get(bytes("m1"));
        client.get(bytes("m-missing"));
        client.getAll(List.of(bytes("m1"), bytes("m-missing"), bytes("m-missing-2")));
        ClientMetrics metrics = client.metrics();
        assertEquals(6, metrics.requests());
        assertEquals(2, metrics.hits());
        assertEquals(3, metrics.misses());
        assertEquals(0, metrics.errors());
        assertEquals(0, metrics.failovers());
        long recorded = metrics.latencyMicrosByNode().get("127.0.0.1:" + node.port()).getTotalCount();
        assertEquals(4, recorded);
    }

    @Test
    void statsAndPing_answer() {
        client.ping();
        Map<String, Long> stats = client.stats().get("127.0.0.1:" + node.port());
        assertEquals(64L << 20, stats.get("max_memory"));
        assertNotNull(stats.get("used_memory"));
    }

    @Test
    void oversizedKeyOrValue_isRejectedBeforeSending_withTheLimitInTheMessage() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> client.put(new byte[Limits.MAX_KEY_LENGTH + 1], bytes("v")));
        assertTrue(key.getMessage().contains("250"), key.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> client.put(bytes("k"), new byte[Limits.MAX_VALUE_LENGTH + 1]));
        assertTrue(value.getMessage().contains(String.valueOf(Limits.MAX_VALUE_LENGTH)), value.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.get(new byte[0]));
    }

    @Test
    void closedClient_throws() {
        client.close();
        assertThrows(IllegalStateException.class, () -> client.get(bytes("k")));
    }

    @Test
    void close_stopsTheClientsThreads() throws InterruptedException {
        RingcacheClient other = RingcacheClient.builder().seeds("127.0.0.1:" + node.port()).build();
        other.ping();
        other.close();
        client.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (clientThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, clientThreads());
    }

    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ringcache-client") && t.isAlive())
                .count();
    }

    @Test
    void unreachableSeed_failsWithAClearMessage() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (RingcacheClient unreachable = RingcacheClient.builder().seeds("127.0.0.1:" + port).build()) {
            RingcacheException e = assertThrows(RingcacheException.class, () -> unreachable.get(bytes("k")));
            assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void deadNodeInTheSeedList_readsAndWritesFailOverToTheLiveNode() throws IOException {
        int deadPort;
        try (ServerSocket free = new ServerSocket(0)) {
            deadPort = free.getLocalPort();
        }
        try (RingcacheClient listed = RingcacheClient.builder()
                .seeds("127.0.0.1:" + deadPort + ",127.0.0.1:" + node.port()).build()) {
            for (int i = 0; i < 200; i++) {
                listed.put(bytes("failover-" + i), bytes("v" + i));
                assertArrayEquals(bytes("v" + i), listed.get(bytes("failover-" + i)).value());
            }
            assertTrue(listed.metrics().failovers() > 0);
            assertEquals(0, listed.metrics().errors());
        }
    }

    @Test
    void silentNode_failsTheRequestAfterTheTimeout() throws IOException {
        List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException ignored) {
                    // the test is over
                }
            });
            acceptor.start();
            try (RingcacheClient slow = RingcacheClient.builder().seeds("127.0.0.1:" + silent.getLocalPort())
                    .timeout(Duration.ofMillis(200)).build()) {
                long start = System.nanoTime();
                assertThrows(RequestTimeoutException.class, () -> slow.get(bytes("k")));
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(elapsedMs >= 190 && elapsedMs < 2_000, "timed out after " + elapsedMs + " ms");
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** Reads once the client's reconnect backoff (at most 2 s) has let it try the node again. */
    private static CacheValue readAfterBackoff(RingcacheClient client, byte[] key) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return client.get(key);
            } catch (RingcacheException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void nodeRestart_failsRequestsInFlight_thenReconnects() throws InterruptedException {
        CacheNode own = CacheNode.start(new NodeContext().port(0).maxMemory(8L << 20).ioThreads(1));
        int port = own.port();
        try (RingcacheClient local = RingcacheClient.builder().seeds("127.0.0.1:" + port)
                .timeout(Duration.ofMillis(500)).build()) {
            local.put(bytes("k"), bytes("v"));
            own.close();
            assertThrows(RingcacheException.class, () -> local.get(bytes("k")));
            own = CacheNode.start(new NodeContext().port(port).maxMemory(8L << 20).ioThreads(1));
            assertNull(readAfterBackoff(local, bytes("k")));
            local.put(bytes("k"), bytes("v2"));
            assertArrayEquals(bytes("v2"), local.get(bytes("k")).value());
        } finally {
            own.close();
        }
    }
}
