package io.ringcache.client.routing;

import io.ringcache.protocol.ring.Topology;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A fixed list of nodes, as an application lists its Memcached servers: each node is named by its address, so the
 * same list in any order gives the same ring in every process. Never changes.
 */
public final class StaticTopologySource implements TopologySource {
    private final Topology topology;

    public StaticTopologySource(List<String> addresses, int replicationFactor, int vnodesPerNode) {
        this.topology = Topology.ofAddresses(addresses, replicationFactor, vnodesPerNode);
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
