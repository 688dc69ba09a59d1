package io.ringcache.benchmarks.ring;

import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.util.List;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, SODA 2018) applied to the ring's arcs
 * rather than to keys, so that it stays a pure function of the topology: the alternative placement
 * {@link RingSimulation} measures for a spread both even and consistent. It exists only in this simulation.
 *
 * <p>The points are those of {@link io.ringcache.protocol.ring.HashRing} ({@code H(id + "#" + i)}), looked up with
 * one probe: a key belongs to the first point at or after its hash, and so to that point's arc. Each node may hold
 * arcs of total length at most {@code (1 + epsilon)} times its fair share of the ring by weight. Walking the points
 * in ascending order from the smallest, each arc goes to its own node if that node has room for it, and otherwise
 * to the node of the first following point that has. The walk is fixed by the points alone, so every party that
 * knows the topology computes the same assignment.
 */
final class BoundedLoadRing {
    private static final double RING = 0x1p64;

    private final RingPoints ring;
    private final int[] assigned;

    /** Builds the ring of a topology's nodes (all taken as eligible) with loads bounded by {@code 1 + epsilon}. */
    BoundedLoadRing(Topology topology, double epsilon) {
        List<NodeInfo> nodes = topology.nodes();
        long totalWeight = 0;
        for (NodeInfo node : nodes) {
            totalWeight += node.weight();
        }
        ring = new RingPoints(topology);
        long[] points = ring.points;
        int[] owners = ring.owners;
        int total = points.length;
        double[] room = new double[nodes.size()];
        for (int n = 0; n < nodes.size(); n++) {
            room[n] = (1 + epsilon) * RING * nodes.get(n).weight() / totalWeight;
        }
        assigned = new int[total];
        for (int j = 0; j < total; j++) {
            double arc = unsigned(points[j] - points[j == 0 ? total - 1 : j - 1]);
            if (total == 1) {
                arc = RING;
            }
            assigned[j] = taker(owners, room, j, arc);
            room[assigned[j]] -= arc;
        }
    }

    /**
     * The node of the first point from {@code j} on whose node has room for {@code arc}; when none has (only
     * possible with a tiny epsilon), the node with the most room.
     */
    private static int taker(int[] owners, double[] room, int j, double arc) {
        int roomiest = owners[j];
        int k = j;
        do {
            if (room[owners[k]] >= arc) {
                return owners[k];
            }
            if (room[owners[k]] > room[roomiest]) {
                roomiest = owners[k];
            }
            k = k + 1 == owners.length ? 0 : k + 1;
        } while (k != j);
        return roomiest;
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : value + RING;
    }

    /** The index (in the topology's id order) of the node that serves a key hash. */
    int primary(long keyHash) {
        return assigned[ring.ceiling(keyHash)];
    }
}
