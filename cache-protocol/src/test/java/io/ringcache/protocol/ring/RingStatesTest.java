package io.ringcache.protocol.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The current and pending rings of a topology whose nodes are in every state: which nodes are placed (their points
 * count) and which are eligible (the replica walk takes them), and how keys move when a node joins, goes DOWN,
 * recovers or leaves.
 */
class RingStatesTest {
    private static final int NODES = 10;
    private static final int RF = 3;
    private static final int KEYS = 200_000;

    private static long keyHash(int i) {
        return KeyHash.hash(("user:" + i).getBytes(StandardCharsets.UTF_8));
    }

    /** Ten standard nodes n0..n9, all UP except those given another state. */
    private static Topology topology(Map<String, NodeState> states) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            String id = "n" + i;
            nodes.add(new NodeInfo(id, "10.0.4." + i, 7001, "", 100, states.getOrDefault(id, NodeState.UP)));
        }
        for (Map.Entry<String, NodeState> extra : states.entrySet()) {
            if (!extra.getKey().matches("n\\d")) {
                nodes.add(new NodeInfo(extra.getKey(), "10.0.5.1", 7001, "", 100, extra.getValue()));
            }
        }
        return new Topology(5, nodes, RF, Topology.DEFAULT_VNODES);
    }

    private static Topology without(Topology topology, String id) {
        List<NodeInfo> nodes = new ArrayList<>(topology.nodes());
        nodes.removeIf(node -> node.id().equals(id));
        return new Topology(topology.epoch(), nodes, topology.replicationFactor(), topology.vnodesPerNode());
    }

    /** The ids of a key's replicas on a ring, primary first. */
    private static List<String> replicas(HashRing ring, long hash) {
        int[] out = new int[RF + 2];
        int count = ring.replicas(hash, RF, out);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(ring.node(out[i]).id());
        }
        return ids;
    }

    private static String primary(HashRing ring, long hash) {
        int index = ring.primary(hash);
        return index < 0 ? null : ring.node(index).id();
    }

    // ---------------------------------------------------------------- the state table

    @Test
    void everyStateIsPlacedAndEligibleAsTheTableInNodeStateSays() {
        // placed on current, eligible on current, placed on pending, eligible on pending
        assertStates(NodeState.JOINING, false, false, true, true);
        assertStates(NodeState.UP, true, true, true, true);
        assertStates(NodeState.LEAVING, true, true, false, false);
        assertStates(NodeState.DOWN, true, false, true, false);
        assertStates(NodeState.RECOVERING, true, false, true, true);
        assertEquals(4, NodeState.RECOVERING.ordinal());
        assertEquals(List.of(NodeState.JOINING, NodeState.LEAVING, NodeState.RECOVERING),
                Arrays.stream(NodeState.values()).filter(NodeState::isMoving).toList());
    }

    private static void assertStates(NodeState state, boolean placedNow, boolean eligibleNow, boolean placedLater,
            boolean eligibleLater) {
        assertEquals(placedNow, state.placedOnCurrent(), state + " placed on current");
        assertEquals(eligibleNow, state.eligibleOnCurrent(), state + " eligible on current");
        assertEquals(placedLater, state.placedOnPending(), state + " placed on pending");
        assertEquals(eligibleLater, state.eligibleOnPending(), state + " eligible on pending");
    }

    @Test
    void ringsSayWhichTheyAre() {
        Topology all = topology(Map.of());
        assertFalse(HashRing.of(all).isPending());
        assertTrue(HashRing.pending(all).isPending());
    }

    @Test
    void withNothingMoving_thePendingRingIsTheCurrentRing() {
        Topology all = topology(Map.of("n3", NodeState.DOWN));
        HashRing current = HashRing.of(all);
        HashRing pending = HashRing.pending(all);
        assertEquals(current.pointCount(), pending.pointCount());
        for (int i = 0; i < 20_000; i++) {
            long hash = keyHash(i);
            assertEquals(replicas(current, hash), replicas(pending, hash), "key " + i);
        }
    }

    // ---------------------------------------------------------------- JOINING

    @Test
    void joiningNode_leavesTheCurrentRingAsItWas() {
        Topology joining = topology(Map.of("new", NodeState.JOINING));
        HashRing current = HashRing.of(joining);
        HashRing before = HashRing.of(without(joining, "new"));
        assertEquals(NODES, current.placedCount());
        assertEquals(NODES, current.ownerCount());
        assertEquals(NODES * Topology.DEFAULT_VNODES, current.pointCount());
        for (int i = 0; i < KEYS; i++) {
            long hash = keyHash(i);
            assertEquals(replicas(before, hash), replicas(current, hash), "key " + i);
        }
    }

    @Test
    void joiningNode_getsAboutAnEleventhOfThePrimariesOnThePendingRing_andKeysOnlyMoveToIt() {
        Topology joining = topology(Map.of("new", NodeState.JOINING));
        HashRing current = HashRing.of(joining);
        HashRing pending = HashRing.pending(joining);
        assertEquals(NODES + 1, pending.placedCount());
        assertEquals(NODES + 1, pending.ownerCount());
        assertEquals((NODES + 1) * Topology.DEFAULT_VNODES, pending.pointCount());
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            long hash = keyHash(i);
            String now = primary(current, hash);
            String later = primary(pending, hash);
            if (!now.equals(later)) {
                moved++;
                assertEquals("new", later, "key " + i + " moved between old nodes");
            }
        }
        double share = moved / (double) KEYS;
        assertTrue(share > 0.07 && share < 0.115, "the joining node takes " + share + " of the primaries");
    }

    @Test
    void joiningNode_onThePendingRing_isPlacedAsIfItWereUp() {
        Topology joining = topology(Map.of("new", NodeState.JOINING));
        HashRing pending = HashRing.pending(joining);
        HashRing up = HashRing.of(topology(Map.of("new", NodeState.UP)));
        for (int i = 0; i < 50_000; i++) {
            long hash = keyHash(i);
            assertEquals(replicas(up, hash), replicas(pending, hash), "key " + i);
        }
    }

    @Test
    void holdersOfAKeyWhileANodeJoins_areTheUnionOfItsReplicasOnBothRings() {
        Topology joining = topology(Map.of("new", NodeState.JOINING));
        HashRing current = HashRing.of(joining);
        HashRing pending = HashRing.pending(joining);
        int gained = 0;
        int reshuffled = 0;
        for (int i = 0; i < 50_000; i++) {
            long hash = keyHash(i);
            List<String> now = replicas(current, hash);
            List<String> later = replicas(pending, hash);
            assertFalse(now.contains("new"));
            if (!later.contains("new")) {
                assertEquals(now, later, "key " + i + ": the joining node is no holder, nothing changes");
                continue;
            }
            gained++;
            Set<String> holders = new LinkedHashSet<>(now);
            holders.addAll(later);
            if (!later.get(0).equals("new")) {
                // the key keeps its point: the joining node slots into the walk and the last replica drops out
                assertEquals(RF + 1, holders.size(), "key " + i);
                List<String> others = new ArrayList<>(later);
                others.remove("new");
                assertEquals(now.subList(0, RF - 1), others, "key " + i);
            } else if (holders.size() > RF + 1) {
                // the joining node's point won another probe: the walk starts elsewhere, so old nodes become
                // holders too
                reshuffled++;
            }
        }
        double share = gained / 50_000.0;
        assertTrue(share > 0.21 && share < 0.34, "the joining node becomes a holder of " + share + " of the keys");
        double moved = reshuffled / 50_000.0;
        assertTrue(moved > 0 && moved < 0.1, "old nodes become holders of " + moved + " of the keys");
    }

    // ---------------------------------------------------------------- DOWN

    @Test
    void downNode_isWalkedPast_itsReplicaListsLoseItAndGainTheNextNodeAtTheEnd() {
        HashRing up = HashRing.of(topology(Map.of()));
        HashRing down = HashRing.of(topology(Map.of("n4", NodeState.DOWN)));
        assertEquals(NODES, down.placedCount());
        assertEquals(NODES - 1, down.ownerCount());
        assertEquals(up.pointCount(), down.pointCount());
        int primaries = 0;
        int involved = 0;
        for (int i = 0; i < KEYS; i++) {
            long hash = keyHash(i);
            List<String> before = replicas(up, hash);
            List<String> after = replicas(down, hash);
            assertEquals(RF, after.size());
            assertFalse(after.contains("n4"));
            assertEquals(after.get(0), primary(down, hash));
            if (!before.contains("n4")) {
                assertEquals(before, after, "key " + i + " did not involve n4");
                continue;
            }
            involved++;
            List<String> kept = new ArrayList<>(before);
            kept.remove("n4");
            assertEquals(kept, after.subList(0, RF - 1), "key " + i);
            assertFalse(before.contains(after.get(RF - 1)), "key " + i + " gains a node that was no replica");
            if (before.get(0).equals("n4")) {
                primaries++;
                assertEquals(before.get(1), after.get(0), "key " + i + ": its second replica serves it first");
            }
        }
        double share = primaries / (double) KEYS;
        assertTrue(share > 0.08 && share < 0.12, "n4 was the primary of " + share + " of the keys");
        double lists = involved / (double) KEYS;
        assertTrue(lists > 0.25 && lists < 0.35, "n4 was a replica of " + lists + " of the keys");
    }

    @Test
    void everyNodeDown_leavesNoKeyAReplica() {
        Map<String, NodeState> states = new HashMap<>();
        for (int i = 0; i < NODES; i++) {
            states.put("n" + i, NodeState.DOWN);
        }
        HashRing ring = HashRing.of(topology(states));
        assertEquals(NODES * Topology.DEFAULT_VNODES, ring.pointCount());
        assertEquals(NODES, ring.placedCount());
        assertEquals(0, ring.ownerCount());
        assertEquals(-1, ring.primary(keyHash(1)));
        assertEquals(0, ring.replicas(keyHash(1), RF, new int[RF]));
    }

    @Test
    void theOneNodeDownTopologyOfTheDocs_hasPointsButNoReplicaForAnyKey() {
        HashRing ring = HashRing.of(new Topology(7, List.of(new NodeInfo("n1", "h", 7001, "z", 100,
                NodeState.DOWN)), 3, 160));
        assertEquals(160, ring.pointCount());
        assertEquals(1, ring.placedCount());
        assertEquals(0, ring.ownerCount());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(-1, ring.primary(keyHash(i)));
            assertEquals(0, ring.replicas(keyHash(i), 3, new int[3]));
        }
    }

    // ---------------------------------------------------------------- RECOVERING

    @Test
    void recoveringNode_isPlacedButNotEligibleOnTheCurrentRing() {
        HashRing recovering = HashRing.of(topology(Map.of("n4", NodeState.RECOVERING)));
        HashRing down = HashRing.of(topology(Map.of("n4", NodeState.DOWN)));
        assertEquals(NODES, recovering.placedCount());
        assertEquals(NODES - 1, recovering.ownerCount());
        assertEquals(NODES * Topology.DEFAULT_VNODES, recovering.pointCount());
        for (int i = 0; i < 50_000; i++) {
            long hash = keyHash(i);
            List<String> now = replicas(recovering, hash);
            assertFalse(now.contains("n4"), "key " + i);
            assertEquals(replicas(down, hash), now, "key " + i);
        }
    }

    @Test
    void recoveringNode_isEligibleOnThePendingRing_whereKeysRouteAsIfItWereUp() {
        HashRing pending = HashRing.pending(topology(Map.of("n4", NodeState.RECOVERING)));
        HashRing up = HashRing.of(topology(Map.of()));
        assertEquals(NODES, pending.placedCount());
        assertEquals(NODES, pending.ownerCount());
        int held = 0;
        for (int i = 0; i < 50_000; i++) {
            long hash = keyHash(i);
            List<String> later = replicas(pending, hash);
            assertEquals(replicas(up, hash), later, "key " + i);
            if (later.contains("n4")) {
                held++;
            }
        }
        assertTrue(held > 0, "n4 holds keys again on the pending ring");
    }

    // ---------------------------------------------------------------- LEAVING

    @Test
    void leavingNode_stillServesOnTheCurrentRing() {
        HashRing leaving = HashRing.of(topology(Map.of("n4", NodeState.LEAVING)));
        HashRing up = HashRing.of(topology(Map.of()));
        assertEquals(NODES, leaving.ownerCount());
        for (int i = 0; i < 50_000; i++) {
            long hash = keyHash(i);
            assertEquals(replicas(up, hash), replicas(leaving, hash), "key " + i);
        }
    }

    @Test
    void leavingNode_isAbsentFromThePendingRing_andOnlyItsKeysMove() {
        Topology leavingTopology = topology(Map.of("n4", NodeState.LEAVING));
        HashRing current = HashRing.of(leavingTopology);
        HashRing pending = HashRing.pending(leavingTopology);
        HashRing gone = HashRing.of(without(leavingTopology, "n4"));
        assertEquals(NODES - 1, pending.placedCount());
        assertEquals(NODES - 1, pending.ownerCount());
        assertEquals((NODES - 1) * Topology.DEFAULT_VNODES, pending.pointCount());
        for (int i = 0; i < KEYS; i++) {
            long hash = keyHash(i);
            List<String> later = replicas(pending, hash);
            assertFalse(later.contains("n4"), "key " + i);
            assertEquals(replicas(gone, hash), later, "key " + i);
            String now = primary(current, hash);
            if (!now.equals("n4")) {
                assertEquals(now, primary(pending, hash), "key " + i + " moved off a node that stays");
            } else {
                assertNotEquals("n4", primary(pending, hash));
            }
        }
    }
}
