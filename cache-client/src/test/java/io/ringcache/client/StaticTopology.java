package io.ringcache.client;

import io.ringcache.client.routing.TopologySource;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A topology that never changes, of nodes on loopback ports, for tests that need to know which nodes replicate a
 * key; at epoch 0 the nodes serve every key they are sent.
 */
final class StaticTopology implements TopologySource {
    private final Topology topology;

    StaticTopology(Topology topology) {
        this.topology = topology;
    }

    /** Epoch 0, the given replication factor and 160 virtual nodes; node {@code i} is {@code ids[i]}. */
    static StaticTopology of(int replicationFactor, List<String> ids, List<Integer> ports) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            nodes.add(new NodeInfo(ids.get(i), "127.0.0.1", ports.get(i), "", 100, NodeState.UP));
        }
        return new StaticTopology(new Topology(0, nodes, replicationFactor, Topology.DEFAULT_VNODES));
    }

    Topology topology() {
        return topology;
    }

    @Override
    public Topology initial() {
        return topology;
    }

    @Override
    public void subscribe(Consumer<Topology> listener) {
    }

    @Override
    public CompletableFuture<Topology> refresh() {
        return CompletableFuture.completedFuture(topology);
    }
}
