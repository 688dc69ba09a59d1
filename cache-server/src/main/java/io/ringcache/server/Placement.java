package io.ringcache.server;

import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;

/**
 * One topology as this node sees it: its current and pending rings and this node's place in them. Immutable and
 * swapped as a whole when the node adopts a newer epoch, so a request reads one consistent view. Node indexes are
 * the topology's (id) order, the same on both rings.
 *
 * <p>The <em>holders</em> of a key are its replicas on the current ring and on the pending ring together: writes go
 * to all of them, and ranges stream to the ones that were not holders before. Methods fill caller-owned arrays and
 * allocate nothing.
 */
public final class Placement {
    /** Room a holders array needs: the replicas of both rings. */
    public static final int MAX_HOLDERS = 2 * Topology.MAX_REPLICATION_FACTOR;

    private final Topology topology;
    private final HashRing current;
    private final HashRing pending;
    private final int self;
    private final boolean moving;

    /** The placement of {@code topology} as node {@code selfId} sees it. */
    public static Placement of(Topology topology, String selfId) {
        return new Placement(topology, selfId);
    }

    private Placement(Topology topology, String selfId) {
        this.topology = topology;
        this.current = HashRing.of(topology);
        boolean anyMoving = false;
        int index = -1;
        for (int i = 0; i < topology.nodes().size(); i++) {
            NodeInfo node = topology.nodes().get(i);
            anyMoving |= node.state().isMoving();
            if (node.id().equals(selfId)) {
                index = i;
            }
        }
        this.moving = anyMoving;
        this.pending = anyMoving ? HashRing.pending(topology) : current;
        this.self = index;
    }

    public Topology topology() {
        return topology;
    }

    public long epoch() {
        return topology.epoch();
    }

    /** This node's index, or -1 when the topology does not name it. */
    public int self() {
        return self;
    }

    public NodeInfo node(int index) {
        return current.node(index);
    }

    /** Whether the topology names nodes besides this one, which may need its writes now or later. */
    public boolean hasPeers() {
        return topology.nodes().size() > 1;
    }

    /** Whether some node is joining, leaving or recovering, so that ranges move. */
    public boolean moving() {
        return moving;
    }

    /** The replication factor capped by the nodes placed on the ring: the base of a quorum. */
    public int quorumBase() {
        return Math.max(1, Math.min(topology.replicationFactor(), current.placedCount()));
    }

    /** Whether this node serves the key now: it is among its replicas on the current ring. */
    public boolean serves(long keyHash, int[] scratch) {
        int count = current.replicas(keyHash, topology.replicationFactor(), scratch);
        return contains(scratch, count, self);
    }

    /** Whether this node holds the key: it is among its replicas on the current or the pending ring. */
    public boolean holds(long keyHash, int[] scratch) {
        return serves(keyHash, scratch)
                || moving && contains(scratch, pending.replicas(keyHash, topology.replicationFactor(), scratch), self);
    }

    /**
     * Writes the key's holders into {@code out} (at least {@link #MAX_HOLDERS} long), current replicas first, and
     * returns how many there are. {@code scratch} ({@link Topology#MAX_REPLICATION_FACTOR} long) is overwritten.
     */
    public int holders(long keyHash, int[] out, int[] scratch) {
        int rf = topology.replicationFactor();
        int count = current.replicas(keyHash, rf, out);
        if (!moving) {
            return count;
        }
        int pendingCount = pending.replicas(keyHash, rf, scratch);
        for (int i = 0; i < pendingCount; i++) {
            if (!contains(out, count, scratch[i])) {
                out[count++] = scratch[i];
            }
        }
        return count;
    }

    /**
     * How many of the key's holders are only on the pending ring (joining or recovering, not yet serving): a
     * QUORUM write waits for as many more copies, so that a quorum of the current replicas holds it. {@code out}
     * and {@code scratch} are overwritten as for {@link #holders}.
     */
    public int pendingOnlyHolders(long keyHash, int[] out, int[] scratch) {
        if (!moving) {
            return 0;
        }
        int holders = holders(keyHash, out, scratch);
        return holders - current.replicas(keyHash, topology.replicationFactor(), scratch);
    }

    /** The key's holders other than this node; same contract as {@link #holders}. */
    public int writeTargets(long keyHash, int[] out, int[] scratch) {
        int count = holders(keyHash, out, scratch);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (out[i] != self) {
                out[kept++] = out[i];
            }
        }
        return kept;
    }

    private static boolean contains(int[] nodes, int count, int node) {
        for (int i = 0; i < count; i++) {
            if (nodes[i] == node) {
                return true;
            }
        }
        return false;
    }
}
