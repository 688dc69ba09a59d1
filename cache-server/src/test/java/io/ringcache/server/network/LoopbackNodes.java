package io.ringcache.server.network;

import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A test's real nodes, in process on loopback, and its raw connections to them, all closed after the test: the
 * cluster of the replication and lazy-fill tests.
 */
final class LoopbackNodes implements AutoCloseable {
    /** The nodes started and not yet closed, in start order; a test that closes one itself removes it. */
    final List<CacheNode> nodes = new ArrayList<>();
    private final List<RawConnection> connections = new ArrayList<>();

    CacheNode start(NodeContext context) throws InterruptedException {
        CacheNode node = CacheNode.start(context);
        nodes.add(node);
        return node;
    }

    RawConnection connect(CacheNode node) throws IOException {
        RawConnection connection = new RawConnection(node.port());
        connections.add(connection);
        return connection;
    }

    /** The topology entry of {@code node} on loopback, in {@code state}. */
    static NodeInfo info(CacheNode node, NodeState state) {
        return new NodeInfo(node.context().nodeId(), "127.0.0.1", node.port(), "", NodeInfo.STANDARD_WEIGHT, state);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits up to 20 s for {@code condition}, polling every 10 ms. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws IOException {
        for (RawConnection connection : connections) {
            connection.close();
        }
        nodes.forEach(CacheNode::close);
    }
}
