package io.ringcache.server;

import io.ringcache.protocol.ring.Topology;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology a node currently holds, as a {@link Placement}. A node only ever moves to a topology of a higher
 * epoch. Until a cluster manager pushes one, the node holds epoch 0: a static node (no manager) owns every key it is
 * sent (a static cluster, as with Memcached), a managed one refuses them all as NOT_OWNER. Listeners hear of every
 * adopted topology (the range mover starts moving on it).
 */
public final class NodeTopology {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTopology.class);

    private final String nodeId;
    private final boolean managed;
    private final List<Consumer<Placement>> listeners = new CopyOnWriteArrayList<>();
    private volatile Placement placement;

    /** A static node: it serves every key it is sent until (if ever) a topology is pushed to it. */
    public NodeTopology(String nodeId) {
        this(nodeId, false);
    }

    /**
     * A node that is {@code managed} (it registers with a cluster manager) refuses every key until it holds the
     * manager's topology: it may have restarted with an empty store, and must not take writes as if it were alone.
     */
    public NodeTopology(String nodeId, boolean managed) {
        this.nodeId = nodeId;
        this.managed = managed;
        this.placement = Placement.of(new Topology(0, List.of(), 1, Topology.DEFAULT_VNODES), nodeId);
    }

    public String nodeId() {
        return nodeId;
    }

    public long epoch() {
        return placement.epoch();
    }

    public Topology topology() {
        return placement.topology();
    }

    public Placement placement() {
        return placement;
    }

    /** Calls {@code listener} with every topology adopted from now on. */
    public void onChange(Consumer<Placement> listener) {
        listeners.add(listener);
    }

    /** Adopts {@code topology} if its epoch is higher than the current one; returns whether it did. */
    public boolean offer(Topology topology) {
        Placement adopted;
        synchronized (this) {
            if (topology.epoch() <= placement.epoch()) {
                return false;
            }
            adopted = Placement.of(topology, nodeId);
            placement = adopted;
        }
        LOG.info("node {} adopted topology epoch {} ({} nodes, rf {})", nodeId, topology.epoch(),
                topology.nodes().size(), topology.replicationFactor());
        for (Consumer<Placement> listener : listeners) {
            listener.accept(adopted);
        }
        return true;
    }

    /** Whether a request routed by {@code senderEpoch} must have its keys checked with {@link #refuses}. */
    public boolean checksOwnership(long senderEpoch) {
        long epoch = placement.epoch();
        return epoch == 0 ? managed : senderEpoch < epoch;
    }

    /**
     * Whether to answer NOT_OWNER: the node is managed and holds no topology yet, or the sender routed by an older
     * epoch than the node's and under the node's topology the node does not hold the key (for a read: does not
     * serve it). {@code scratch} must hold
     * {@link Topology#MAX_REPLICATION_FACTOR} entries; nothing is allocated.
     */
    public boolean refuses(long senderEpoch, long keyHash, boolean read, int[] scratch) {
        Placement current = placement;
        if (current.epoch() == 0) {
            return managed;
        }
        if (senderEpoch >= current.epoch()) {
            return false;
        }
        if (current.self() < 0) {
            return true;
        }
        return read ? !current.serves(keyHash, scratch) : !current.holds(keyHash, scratch);
    }
}
