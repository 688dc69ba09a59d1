package io.ringcache.benchmarks.ring;

import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.util.Arrays;
import java.util.List;

/**
 * The points of a topology's nodes as {@link io.ringcache.protocol.ring.HashRing} places them (protocol §10.2), in
 * two sorted primitive arrays, for the simulation's own ring variants to share.
 *
 * <p>{@link #ceiling} does not search the whole ring: an index of about one bucket per point, by the top bits of the
 * hash, gives the first point of the hash's bucket, and a short scan from there finds the point, as in
 * {@code HashRing}. That is a local choice of each implementation, not part of the routing contract.
 */
final class RingPoints {
    /** The points, ascending (signed), equal points in the id order of their nodes. */
    final long[] points;
    /** The node index (in the topology's id order) of each point. */
    final int[] owners;
    /** {@code start[b]}: the first point in bucket {@code b} or after it; {@code start[buckets]} = point count. */
    private final int[] start;
    private final int shift;

    RingPoints(Topology topology) {
        List<NodeInfo> nodes = topology.nodes();
        int total = 0;
        for (NodeInfo node : nodes) {
            total += vnodesOf(topology, node);
        }
        long[] byNode = new long[total];
        int[] nodeOf = new int[total];
        int at = 0;
        for (int n = 0; n < nodes.size(); n++) {
            for (int i = 0, count = vnodesOf(topology, nodes.get(n)); i < count; i++) {
                byNode[at] = KeyHash.hash(nodes.get(n).id() + "#" + i);
                nodeOf[at++] = n;
            }
        }
        Integer[] order = new Integer[total];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> byNode[a] != byNode[b] ? Long.compare(byNode[a], byNode[b])
                : Integer.compare(nodeOf[a], nodeOf[b]));
        points = new long[total];
        owners = new int[total];
        for (int j = 0; j < total; j++) {
            points[j] = byNode[order[j]];
            owners[j] = nodeOf[order[j]];
        }
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(total - 1));
        shift = 64 - bits;
        start = new int[(1 << bits) + 1];
        int j = 0;
        for (int b = 0; b < 1 << bits; b++) {
            while (j < total && bucket(points[j]) < b) {
                j++;
            }
            start[b] = j;
        }
        start[1 << bits] = total;
    }

    /** The bucket of a hash: its top bits, with the sign flipped so that bucket order is the signed order. */
    private int bucket(long hash) {
        return (int) ((hash ^ Long.MIN_VALUE) >>> shift);
    }

    private static int vnodesOf(Topology topology, NodeInfo node) {
        return Math.max(1, (int) ((long) topology.vnodesPerNode() * node.weight() / NodeInfo.STANDARD_WEIGHT));
    }

    /** Index of the first point at or after {@code hash} (signed), wrapping to 0. */
    int ceiling(long hash) {
        int b = bucket(hash);
        int j = start[b];
        int end = start[b + 1];
        while (j < end && points[j] < hash) {
            j++;
        }
        return j == points.length ? 0 : j;
    }
}
