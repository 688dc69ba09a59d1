package io.ringcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.client.transport.NodeConnection;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.netty.Transport;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing by a published topology: nodes that were pushed one over the wire (as the cluster manager does), a client
 * that learns the whole ring from one address, and a client holding an old epoch that gets NOT_OWNER, refreshes and
 * succeeds.
 */
class TopologyRoutingTest {
    private final List<CacheNode> nodes = new ArrayList<>();
    private EventLoopGroup pusherGroup;

    @BeforeEach
    void startNodes() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            CacheNode node = CacheNode.start(new NodeContext().nodeId("n" + i).port(0).maxMemory(16L << 20)
                    .ioThreads(1));
            nodes.add(node);
        }
        pusherGroup = Transport.select(true).newGroup(1, new DefaultThreadFactory("test-pusher", true));
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(CacheNode::close);
        pusherGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String address(CacheNode node) {
        return "127.0.0.1:" + node.port();
    }

    /** A topology of the given nodes, each named by the id it was started with. */
    private Topology topology(long epoch, List<CacheNode> members) {
        List<NodeInfo> infos = new ArrayList<>();
        for (CacheNode node : members) {
            infos.add(new NodeInfo(node.context().nodeId(), "127.0.0.1", node.port(), "", 100, NodeState.UP));
        }
        return new Topology(epoch, infos, 1, 160);
    }

    /** Sends TOPOLOGY_PUSH to every running node, as the manager does. */
    private void push(Topology topology) {
        for (CacheNode node : nodes) {
            try (NodeConnection connection = new NodeConnection(
                    InetSocketAddress.createUnresolved("127.0.0.1", node.port()), pusherGroup, Transport.select(true),
                    TimeUnit.SECONDS.toNanos(2), 1000)) {
                connection.send((out, id) -> RequestEncoder.topologyPush(out, id, topology), r -> r.status()).join();
            }
            assertEquals(topology.epoch(), node.topology().epoch());
        }
    }

    private static byte[] key(int i) {
        return ("routed-" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void clientGivenOneNode_learnsTheWholeRing_andRoutesEveryKey() {
        push(topology(1, nodes));
        try (RingcacheClient client = RingcacheClient.builder().seeds(address(nodes.get(1))).build()) {
            assertEquals(1, client.topology().epoch());
            assertEquals(3, client.topology().nodes().size());
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                keys.add(key(i));
            }
            client.putAll(keys, keys, null);
            assertTrue(client.getAll(keys).stream().allMatch(v -> v != null));
            assertEquals(0, client.metrics().retries());
            for (CacheNode node : nodes) {
                assertTrue(node.metrics().sets() > 500, node.context().nodeId() + " took " + node.metrics().sets());
            }
        }
    }

    @Test
    void clientWithAnOldEpoch_getsNotOwner_refreshes_andSucceeds() {
        push(topology(1, nodes));
        try (RingcacheClient client = RingcacheClient.builder().seeds(address(nodes.get(0)))
                .topologyPollInterval(Duration.ofHours(1)).build()) {
            assertEquals(1, client.topology().epoch());
            HashRing old = HashRing.of(client.topology());
            List<byte[]> movedKeys = new ArrayList<>();
            for (int i = 0; movedKeys.size() < 20; i++) {
                if (old.node(old.primary(KeyHash.hash(key(i)))).id().equals("n2")) {
                    movedKeys.add(key(i));
                }
            }
            push(topology(2, nodes.subList(0, 2)));
            assertEquals(1, client.topology().epoch());

            client.put(movedKeys.get(0), movedKeys.get(0));
            assertEquals(2, client.topology().epoch());
            assertEquals(1, client.metrics().retries());
            assertArrayEquals(movedKeys.get(0), client.get(movedKeys.get(0)).value());
            assertEquals(0, client.metrics().errors());
        }
    }

    @Test
    void batchWithAnOldEpoch_isRoutedAgainByTheRefreshedTopology() {
        push(topology(1, nodes));
        try (RingcacheClient client = RingcacheClient.builder().seeds(address(nodes.get(0)))
                .topologyPollInterval(Duration.ofHours(1)).build()) {
            push(topology(2, nodes.subList(0, 2)));
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                keys.add(key(i));
            }
            client.putAll(keys, keys, null);
            assertEquals(2, client.topology().epoch());
            assertTrue(client.metrics().retries() > 0);
            List<CacheValue> back = client.getAll(keys);
            for (int i = 0; i < keys.size(); i++) {
                assertArrayEquals(keys.get(i), back.get(i).value(), "key " + i);
            }
            assertEquals(0, client.metrics().errors());
        }
    }
}
