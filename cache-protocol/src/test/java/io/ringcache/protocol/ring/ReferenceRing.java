package io.ringcache.protocol.ring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Protocol §10.2 to §10.4 written out as plainly as possible, to check {@link HashRing} against: its own list of
 * points, sorted with their tie rule, found by a plain binary search over all of them, probes, primary and replica
 * walk as the spec words them. Slow and simple on purpose; it shares no code with {@link HashRing}.
 */
final class ReferenceRing {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final List<NodeInfo> nodes;
    private final boolean[] eligible;
    private final long[] points;
    private final int[] owners;
    private final int eligibleCount;
    private final Set<String> eligibleZones = new HashSet<>();

    ReferenceRing(Topology topology, boolean pending) {
        nodes = topology.nodes();
        eligible = new boolean[nodes.size()];
        List<long[]> list = new ArrayList<>();
        int count = 0;
        for (int n = 0; n < nodes.size(); n++) {
            NodeState state = nodes.get(n).state();
            boolean placed = pending ? state.placedOnPending() : state.placedOnCurrent();
            eligible[n] = placed && (pending ? state.eligibleOnPending() : state.eligibleOnCurrent());
            if (eligible[n]) {
                count++;
                eligibleZones.add(nodes.get(n).zone());
            }
            if (placed) {
                int vnodes = Math.max(1, topology.vnodesPerNode() * nodes.get(n).weight() / 100);
                for (int i = 0; i < vnodes; i++) {
                    list.add(new long[] {KeyHash.hash(nodes.get(n).id() + "#" + i), n});
                }
            }
        }
        eligibleCount = count;
        // equal points: the node whose id sorts first comes first; topology nodes are in id order already
        list.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        points = list.stream().mapToLong(p -> p[0]).toArray();
        owners = list.stream().mapToInt(p -> (int) p[1]).toArray();
    }

    /** The points, ascending (signed). */
    long[] points() {
        return points.clone();
    }

    /** The index in the topology of a key's primary, or -1. */
    int primary(long hash) {
        int[] one = replicas(hash, 1);
        return one.length == 0 ? -1 : one[0];
    }

    /** The indexes in the topology of a key's replicas, primary first. */
    int[] replicas(long hash, int rf) {
        int wanted = Math.min(rf, eligibleCount);
        if (wanted == 0) {
            return new int[0];
        }
        int start = winningPoint(hash);
        List<Integer> taken = new ArrayList<>();
        if (eligibleZones.size() > 1) {
            Set<String> takenZones = new HashSet<>();
            for (int step = 0; step < points.length; step++) {
                if (taken.size() == wanted || takenZones.size() == eligibleZones.size()) {
                    break;
                }
                int node = owners[(start + step) % points.length];
                if (eligible[node] && !taken.contains(node) && !takenZones.contains(nodes.get(node).zone())) {
                    taken.add(node);
                    takenZones.add(nodes.get(node).zone());
                }
            }
        }
        for (int step = 0; step < points.length && taken.size() < wanted; step++) {
            int node = owners[(start + step) % points.length];
            if (eligible[node] && !taken.contains(node)) {
                taken.add(node);
            }
        }
        return taken.stream().mapToInt(Integer::intValue).toArray();
    }

    /** §10.3: of the three probes, the one whose point is nearest (unsigned distance), earlier probes on ties. */
    private int winningPoint(long hash) {
        int best = -1;
        long bestDistance = 0;
        for (int probe = 0; probe < 3; probe++) {
            long position = probe == 0 ? hash : mix(hash + probe * GOLDEN_GAMMA);
            int point = firstAtOrAfter(position);
            long distance = points[point] - position;
            if (best < 0 || Long.compareUnsigned(distance, bestDistance) < 0) {
                best = point;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The first point ≥ {@code position} (signed), by binary search over all points; the first point if none. */
    private int firstAtOrAfter(long position) {
        int low = 0;
        int high = points.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (points[mid] < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low == points.length ? 0 : low;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
