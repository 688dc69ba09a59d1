package io.ringcache.server;

import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.Topology;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology a node currently holds, and what it implies for the node: which keys it owns. A node only ever moves
 * to a topology of a higher epoch. Until a cluster manager pushes one, the node holds epoch 0 and owns every key it
 * is sent (a static cluster, as with Memcached).
 */
public final class NodeTopology {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTopology.class);

    /** A topology, its ring and this node's index in it (-1 when absent), swapped as one. */
    private record View(Topology topology, HashRing ring, int self) {
    }

    private final String nodeId;
    private volatile View view;

    public NodeTopology(String nodeId) {
        this.nodeId = nodeId;
        this.view = viewOf(new Topology(0, List.of(), 1, Topology.DEFAULT_VNODES));
    }

    public String nodeId() {
        return nodeId;
    }

    public long epoch() {
        return view.topology().epoch();
    }

    public Topology topology() {
        return view.topology();
    }

    /** Adopts {@code topology} if its epoch is higher than the current one; returns whether it did. */
    public synchronized boolean offer(Topology topology) {
        if (topology.epoch() <= view.topology().epoch()) {
            return false;
        }
        view = viewOf(topology);
        LOG.info("node {} adopted topology epoch {} ({} nodes, rf {})", nodeId, topology.epoch(),
                topology.nodes().size(), topology.replicationFactor());
        return true;
    }

    /**
     * Whether to answer NOT_OWNER: the sender routed by an older epoch than the node's, and under the node's topology
     * the key is not among this node's replicas. {@code scratch} must hold
     * {@link Topology#MAX_REPLICATION_FACTOR} entries; nothing is allocated.
     */
    public boolean refuses(long senderEpoch, long keyHash, int[] scratch) {
        View current = view;
        if (senderEpoch >= current.topology().epoch()) {
            return false;
        }
        if (current.self() < 0) {
            return true;
        }
        int count = current.ring().replicas(keyHash, current.topology().replicationFactor(), scratch);
        for (int i = 0; i < count; i++) {
            if (scratch[i] == current.self()) {
                return false;
            }
        }
        return true;
    }

    private View viewOf(Topology topology) {
        HashRing ring = HashRing.of(topology);
        int self = -1;
        for (int i = 0; i < ring.nodeCount(); i++) {
            if (ring.node(i).id().equals(nodeId)) {
                self = i;
            }
        }
        return new View(topology, ring, self);
    }
}
