package io.ringcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.client.routing.Router;
import io.ringcache.client.routing.StaticTopologySource;
import io.ringcache.protocol.ReadConsistency;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read consistency levels against three real nodes that replicate every key (replication factor 3, epoch 0). The
 * nodes of this branch do not replicate, so each test writes to individual nodes directly to set up what replicas
 * would hold, and counts each node's GETs from its own STATS.
 */
class ReadConsistencyTest {
    private static final List<String> IDS = List.of("n0", "n1", "n2");
    private final List<CacheNode> nodes = new ArrayList<>();
    private final Map<String, RingcacheClient> direct = new HashMap<>();
    private StaticTopologySource topology;
    private RingcacheClient client;

    @BeforeEach
    void startNodes() throws InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (String id : IDS) {
            CacheNode node = CacheNode.start(new NodeContext().nodeId(id).port(0).maxMemory(16L << 20).ioThreads(1));
            nodes.add(node);
            ports.add(node.port());
            direct.put(id, RingcacheClient.builder().seeds("127.0.0.1:" + node.port()).replicationFactor(1).build());
        }
        topology = StaticTopologySource.of(3, IDS, ports);
        client = RingcacheClient.builder().topologySource(topology).build();
    }

    @AfterEach
    void stopNodes() {
        client.close();
        direct.values().forEach(RingcacheClient::close);
        nodes.forEach(CacheNode::close);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The ids of the nodes replicating {@code key}, primary first. */
    private List<String> replicas(byte[] key) {
        HashRing ring = HashRing.of(topology.topology());
        int[] indexes = new int[3];
        int count = Router.replicas(ring, key, indexes);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(ring.node(indexes[i]).id());
        }
        return ids;
    }

    /** Stores a value on every node, as replication would. */
    private void putEverywhere(byte[] key, byte[] value) {
        direct.values().forEach(node -> node.put(key, value));
    }

    /** GETs served so far (batch items included), per node id. */
    private Map<String, Long> getsPerNode() {
        Map<String, Long> gets = new HashMap<>();
        client.stats().forEach((id, stats) -> gets.put(id, stats.get("cmd_get")));
        return gets;
    }

    private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((id, count) -> delta.put(id, count - before.get(id)));
        return delta;
    }

    @Test
    void anyReplica_spreadsAKeysReadsOverAllItsReplicas_whereOneReadsThePrimary() {
        byte[] key = bytes("hot");
        putEverywhere(key, bytes("v"));
        Map<String, Long> before = getsPerNode();
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(bytes("v"), client.get(key, ReadConsistency.ONE).value());
        }
        Map<String, Long> one = since(before, getsPerNode());
        assertEquals(30, one.get(replicas(key).get(0)), "ONE reads the primary: " + one);

        before = getsPerNode();
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(bytes("v"), client.get(key, ReadConsistency.ANY_REPLICA).value());
        }
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(bytes("v"), client.getAll(List.of(key), ReadConsistency.ANY_REPLICA).get(0).value());
        }
        Map<String, Long> spread = since(before, getsPerNode());
        assertEquals(400, spread.values().stream().mapToLong(Long::longValue).sum(), spread.toString());
        for (String id : IDS) {
            assertTrue(spread.get(id) >= 100, id + " served too few of the reads: " + spread);
        }
    }

    @Test
    void quorum_returnsTheNewestVersion_whenReplicasDisagree() throws InterruptedException {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(bytes("disputed-" + i));
        }
        for (byte[] key : keys) {
            List<String> replicas = replicas(key);
            direct.get(replicas.get(0)).put(key, bytes("old"));
            direct.get(replicas.get(2)).put(key, bytes("old"));
        }
        Thread.sleep(5);
        for (byte[] key : keys) {
            direct.get(replicas(key).get(1)).put(key, bytes("new"));
        }
        byte[] onSecondOnly = bytes("written-to-one-replica");
        direct.get(replicas(onSecondOnly).get(1)).put(onSecondOnly, bytes("only"));

        for (byte[] key : keys) {
            assertArrayEquals(bytes("old"), client.get(key, ReadConsistency.ONE).value(), "the primary is stale");
            CacheValue newest = client.get(key, ReadConsistency.QUORUM);
            assertArrayEquals(bytes("new"), newest.value());
            assertEquals(direct.get(replicas(key).get(1)).get(key).version(), newest.version());
        }
        assertArrayEquals(bytes("only"), client.get(onSecondOnly, ReadConsistency.QUORUM).value());
        List<CacheValue> batch = client.getAll(keys, ReadConsistency.QUORUM);
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(bytes("new"), batch.get(i).value(), "key " + i);
        }
        assertEquals(0, client.metrics().errors());
    }

    @Test
    void quorum_survivesOneStoppedNode() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(bytes("kept-" + i));
            putEverywhere(keys.get(i), bytes("v" + i));
        }
        nodes.get(0).close();
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(bytes("v" + i), client.get(keys.get(i), ReadConsistency.QUORUM).value(), "key " + i);
        }
        List<CacheValue> batch = client.getAll(keys, ReadConsistency.QUORUM);
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(bytes("v" + i), batch.get(i).value(), "key " + i);
        }
        assertTrue(client.metrics().failovers() > 0, "n0 is among the first two replicas of some key");
        assertEquals(0, client.metrics().errors());
    }

    @Test
    void quorum_failsClearly_whenTwoOfThreeNodesAreStopped() {
        byte[] key = bytes("lost");
        putEverywhere(key, bytes("v"));
        nodes.get(0).close();
        nodes.get(1).close();

        QuorumNotReachedException single = assertThrows(QuorumNotReachedException.class,
                () -> client.get(key, ReadConsistency.QUORUM));
        assertTrue(single.getMessage().contains("needs answers from 2 of the 3 replicas"), single.getMessage());
        assertNotNull(single.getCause());
        QuorumNotReachedException batch = assertThrows(QuorumNotReachedException.class,
                () -> client.getAll(List.of(key, bytes("other")), ReadConsistency.QUORUM));
        assertTrue(batch.getMessage().contains("needs answers from 2 replicas of each key"), batch.getMessage());

        assertArrayEquals(bytes("v"), client.get(key, ReadConsistency.ONE).value(), "ONE still fails over to n2");
    }
}
