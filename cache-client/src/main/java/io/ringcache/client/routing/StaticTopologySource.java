package io.ringcache.client.routing;

import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A topology that never changes: the client routes by it alone and never asks the cluster. For tests that must know
 * which nodes replicate a key, and for reading from chosen nodes only (at epoch 0, a node serves every key it holds).
 */
public final class StaticTopologySource implements TopologySource {
    private final Topology topology;

    public StaticTopologySource(Topology topology) {
        this.topology = topology;
    }

    /** Epoch 0, the given replication factor and 160 virtual nodes; node {@code i} is {@code ids[i]}. */
    public static StaticTopologySource of(int replicationFactor, List<String> ids, List<Integer> ports) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            nodes.add(new NodeInfo(ids.get(i), "127.0.0.1", ports.get(i), "", 100, NodeState.UP));
        }
        return new StaticTopologySource(new Topology(0, nodes, replicationFactor, Topology.DEFAULT_VNODES));
    }

    public Topology topology() {
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
