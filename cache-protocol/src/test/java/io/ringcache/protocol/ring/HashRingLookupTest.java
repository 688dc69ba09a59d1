package io.ringcache.protocol.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link HashRing} finds probe points through a bucket index, not a binary search over all points. Placement must not
 * depend on that: on rings of every shape (one point, one node, weights from 1 to 10,000, zones, every node state on
 * the current and the pending ring, no eligible node at all), each key gets exactly the primary and replicas that
 * {@link ReferenceRing}'s plain binary search and walk give it. Keys are random hashes, the points themselves and
 * their neighbours, the ends of the hash range and the edges of buckets of every size.
 */
class HashRingLookupTest {
    private static final int RANDOM_KEYS = 20_000;
    private static final NodeState[] STATES = NodeState.values();

    private static NodeInfo node(String id, String zone, int weight, NodeState state) {
        return new NodeInfo(id, "10.0.0.1", 7001, zone, weight, state);
    }

    private static Topology topology(int vnodes, int rf, NodeInfo... nodes) {
        return new Topology(3, List.of(nodes), rf, vnodes);
    }

    @Test
    void smallRings_routeAsTheReference() {
        assertRoutesAsReference(topology(160, 3, node("solo", "", 100, NodeState.UP)));
        assertRoutesAsReference(topology(1, 1, node("solo", "", 100, NodeState.UP)));
        assertRoutesAsReference(topology(1, 3, node("a", "", 100, NodeState.UP), node("b", "", 100, NodeState.UP)));
        assertRoutesAsReference(topology(1, 2, node("a", "", 1, NodeState.UP), node("b", "", 100, NodeState.DOWN),
                node("c", "", 100, NodeState.UP)));
        assertRoutesAsReference(topology(3, 3, node("a", "x", 100, NodeState.UP), node("b", "y", 100, NodeState.UP),
                node("c", "x", 100, NodeState.LEAVING)));
    }

    @Test
    void weightedRing_withANodeInEveryState_routesAsTheReference_onBothRings() {
        assertRoutesAsReference(topology(160, 3,
                node("n0", "", 100, NodeState.UP), node("n1", "", 1, NodeState.UP),
                node("n2", "", 250, NodeState.DOWN), node("n3", "", 10_000, NodeState.UP),
                node("n4", "", 50, NodeState.JOINING), node("n5", "", 100, NodeState.RECOVERING),
                node("n6", "", 200, NodeState.LEAVING), node("n7", "", 100, NodeState.UP)));
    }

    @Test
    void zonedRing_withDownAndMovingNodes_routesAsTheReference_onBothRings() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            NodeState state = i == 2 ? NodeState.DOWN : i == 5 ? NodeState.JOINING : i == 7 ? NodeState.LEAVING
                    : i == 9 ? NodeState.RECOVERING : NodeState.UP;
            nodes.add(node("z" + i, "zone-" + i % 3, 100 + 50 * (i % 4), state));
        }
        assertRoutesAsReference(new Topology(8, nodes, 3, 64));
    }

    @Test
    void ringsWithoutAnEligibleNode_orWithoutNodes_routeNoKey() {
        assertRoutesAsReference(topology(160, 3, node("a", "", 100, NodeState.DOWN), node("b", "", 100,
                NodeState.DOWN)));
        assertRoutesAsReference(topology(160, 3, node("a", "", 100, NodeState.JOINING)));
        assertRoutesAsReference(topology(160, 3));
        HashRing empty = HashRing.of(topology(160, 3, node("a", "", 100, NodeState.JOINING)));
        assertEquals(-1, empty.primary(42));
        assertEquals(0, empty.replicas(42, 3, new int[3]));
    }

    @Test
    void randomTopologies_routeAsTheReference_onBothRings() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int t = 0; t < 12; t++) {
            int count = 1 + random.nextInt(t < 6 ? 8 : 400);
            List<NodeInfo> nodes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int weight = random.nextInt(4) == 0 ? 1 + random.nextInt(1_000) : 100;
                NodeState state = random.nextInt(3) == 0 ? STATES[random.nextInt(STATES.length)] : NodeState.UP;
                String zone = t % 3 == 0 ? "" : "zone-" + random.nextInt(1 + t % 4);
                nodes.add(node("node-" + t + "-" + i, zone, weight, state));
            }
            int vnodes = t < 6 ? 1 + random.nextInt(8) : 1 + random.nextInt(200);
            assertRoutesAsReference(new Topology(t, nodes, 1 + random.nextInt(5), vnodes));
        }
    }

    /**
     * Both rings of {@code topology}: every key's primary and replicas agree, for replication factors of 1, 3, the
     * topology's, and more than the nodes of a small ring (up to 10; a longer walk is the same walk).
     */
    private static void assertRoutesAsReference(Topology topology) {
        for (boolean pending : new boolean[] {false, true}) {
            HashRing ring = pending ? HashRing.pending(topology) : HashRing.of(topology);
            ReferenceRing reference = new ReferenceRing(topology, pending);
            int nodes = topology.nodes().size();
            int[] out = new int[nodes + 2];
            String which = (pending ? "pending" : "current") + " ring of " + topology;
            for (long hash : keys(reference.points())) {
                assertEquals(reference.primary(hash), ring.primary(hash), () -> which + ", hash " + hash);
                for (int rf : new int[] {1, 3, topology.replicationFactor(), Math.min(10, nodes + 1)}) {
                    int found = ring.replicas(hash, rf, out);
                    assertArrayEquals(reference.replicas(hash, rf), Arrays.copyOf(out, found),
                            () -> which + ", hash " + hash + ", rf " + rf);
                }
            }
        }
    }

    /** Random hashes, each point and its neighbours, the ends of the range, and bucket edges for 2 to 2^24 buckets. */
    private static long[] keys(long[] points) {
        SplittableRandom random = new SplittableRandom(points.length);
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < RANDOM_KEYS; i++) {
            keys.add(random.nextLong());
        }
        for (int i = 0; i < Math.min(points.length, 2_000); i++) {
            long point = points[random.nextInt(points.length)];
            keys.addAll(List.of(point - 1, point, point + 1));
        }
        keys.addAll(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        for (int bits = 1; bits <= 24; bits++) {
            for (int i = 0; i < 8; i++) {
                long edge = ((long) random.nextInt(1 << bits) << (64 - bits)) ^ Long.MIN_VALUE;
                keys.addAll(List.of(edge - 1, edge, edge + 1));
            }
        }
        return keys.stream().mapToLong(Long::longValue).toArray();
    }
}
