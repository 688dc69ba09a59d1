package io.ringcache.client.routing;

import io.ringcache.protocol.ring.Topology;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where a client learns the cluster's topology. A static list of addresses now; the cluster manager's pushed
 * topology later. The client only ever moves to a topology of a higher epoch.
 */
public interface TopologySource extends AutoCloseable {

    /** The topology to start with. */
    Topology initial();

    /** Registers a listener for newer topologies pushed by the source. */
    void subscribe(Consumer<Topology> listener);

    /**
     * Asks for the latest topology, because a node said the client's epoch is stale. Completes with the newest
     * topology the source knows (perhaps the same as before).
     */
    CompletableFuture<Topology> refresh();

    @Override
    default void close() {
    }
}
