package io.ringcache.server.fill;

import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.server.NodeTopology;
import io.ringcache.server.Placement;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when this node fills lazily, and whom it asks. The window opens when the node adopts a topology in which it
 * is UP while the topology it adopted before showed it RECOVERING or JOINING (the flip: it has just become a reader
 * of the ranges it received), and closes after the configured time, or at once when a newer topology shows it in any
 * state but UP. The topology before the flip is kept for the window: its holders of a key include the nodes that
 * stood in for this one while it was away.
 *
 * <p>{@link #until()} is the one thing the request path reads outside the window: a volatile long.
 */
public final class FillWindow {
    private static final Logger LOG = LoggerFactory.getLogger(FillWindow.class);

    private final NodeTopology topology;
    private final EpochClock clock;
    private final long windowMs;
    /** The last topology this window saw adopted; guarded by this. */
    private Placement last;
    /** The topology adopted just before the flip; written before {@link #until}. */
    private volatile Placement beforeFlip;
    private volatile long until;

    /** A window of {@code windowMs} (0: never open) over the topologies {@code topology} adopts from now on. */
    public FillWindow(NodeTopology topology, EpochClock clock, long windowMs) {
        this.topology = topology;
        this.clock = clock;
        this.windowMs = windowMs;
        this.last = topology.placement();
        this.beforeFlip = last;
        topology.onChange(this::adopted);
    }

    /** Until when (epoch ms) the node fills: a miss before then may be looked up at the key's peers. */
    public long until() {
        return until;
    }

    private synchronized void adopted(Placement adopted) {
        if (adopted.epoch() <= last.epoch()) {
            return;
        }
        if (!isUp(adopted)) {
            until = 0;
        } else if (windowMs > 0 && wasMoving(last)) {
            beforeFlip = last;
            until = clock.time() + windowMs;
            LOG.info("node {} is UP at epoch {} after moving at epoch {}: filling misses from its peers for {} ms",
                    topology.nodeId(), adopted.epoch(), last.epoch(), windowMs);
        }
        last = adopted;
    }

    /**
     * Writes into {@code out} the nodes to ask for a key this node serves: its other replicas on the current ring and
     * its holders under the topology before the flip, less this node, nodes no longer in the topology and DOWN
     * nodes, each once. Returns how many; 0 when this node does not serve the key. {@code holders} needs
     * {@link Placement#MAX_HOLDERS} entries, {@code scratch} the replication factor's.
     */
    int peers(long keyHash, NodeInfo[] out, int[] holders, int[] scratch) {
        Placement current = topology.placement();
        if (current.self() < 0 || !current.serves(keyHash, scratch)) {
            return 0;
        }
        int count = collect(current, current, keyHash, out, 0, holders, scratch);
        return collect(beforeFlip, current, keyHash, out, count, holders, scratch);
    }

    private int collect(Placement from, Placement current, long keyHash, NodeInfo[] out, int count, int[] holders,
            int[] scratch) {
        int found = count;
        int holderCount = from.holders(keyHash, holders, scratch);
        for (int i = 0; i < holderCount; i++) {
            String id = from.node(holders[i]).id();
            NodeInfo node = current.topology().node(id);
            if (node != null && !id.equals(topology.nodeId()) && node.state() != NodeState.DOWN
                    && !listed(out, found, id)) {
                out[found++] = node;
            }
        }
        return found;
    }

    private static boolean listed(NodeInfo[] nodes, int count, String id) {
        for (int i = 0; i < count; i++) {
            if (nodes[i].id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUp(Placement placement) {
        return placement.self() >= 0 && placement.node(placement.self()).state() == NodeState.UP;
    }

    private static boolean wasMoving(Placement placement) {
        if (placement.self() < 0) {
            return false;
        }
        NodeState state = placement.node(placement.self()).state();
        return state == NodeState.RECOVERING || state == NodeState.JOINING;
    }
}
