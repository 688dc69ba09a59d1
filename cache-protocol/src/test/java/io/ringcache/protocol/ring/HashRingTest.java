package io.ringcache.protocol.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spread, consistency under membership change, replica choice and determinism of the ring. */
class HashRingTest {
    private static final int KEYS = 1_000_000;

    private static List<String> addresses(int count) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add("10.0.0." + (i + 1) + ":7001");
        }
        return list;
    }

    private static long keyHash(int i) {
        return KeyHash.hash(("user:" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static HashRing ring(List<String> addresses) {
        return HashRing.of(Topology.ofAddresses(addresses, 3, Topology.DEFAULT_VNODES));
    }

    @Test
    void millionKeysOverTenNodes_spreadWithinTenPercentOfTheMean() {
        HashRing ring = ring(addresses(10));
        int[] counts = new int[10];
        for (int i = 0; i < KEYS; i++) {
            counts[ring.primary(keyHash(i))]++;
        }
        double mean = KEYS / 10.0;
        for (int n = 0; n < 10; n++) {
            double share = counts[n] / mean;
            assertTrue(share > 0.9 && share < 1.1, ring.node(n).id() + " holds " + share + " of the mean");
        }
    }

    @Test
    void addingAnEleventhNode_movesAboutAnEleventhOfTheKeys_allOntoTheNewNode() {
        HashRing before = ring(addresses(10));
        List<String> grown = addresses(11);
        HashRing after = ring(grown);
        String newcomer = grown.get(10);
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            long hash = keyHash(i);
            String was = before.node(before.primary(hash)).id();
            String now = after.node(after.primary(hash)).id();
            if (!was.equals(now)) {
                moved++;
                assertEquals(newcomer, now, "key " + i + " moved between old nodes");
            }
        }
        double fraction = moved / (double) KEYS;
        assertTrue(fraction > 0.07 && fraction < 0.115, "moved " + fraction);
    }

    @Test
    void removingANode_movesOnlyItsKeys() {
        List<String> all = addresses(10);
        HashRing before = ring(all);
        List<String> shrunk = new ArrayList<>(all);
        String gone = shrunk.remove(4);
        HashRing after = ring(shrunk);
        for (int i = 0; i < 200_000; i++) {
            long hash = keyHash(i);
            String was = before.node(before.primary(hash)).id();
            if (!was.equals(gone)) {
                assertEquals(was, after.node(after.primary(hash)).id(), "key " + i);
            }
        }
    }

    @Test
    void replicas_areDistinct_primaryFirst_andCappedByTheNodeCount() {
        HashRing ring = ring(addresses(5));
        int[] out = new int[8];
        for (int i = 0; i < 10_000; i++) {
            long hash = keyHash(i);
            int count = ring.replicas(hash, 3, out);
            assertEquals(3, count);
            assertEquals(ring.primary(hash), out[0]);
            assertEquals(3, Set.of(out[0], out[1], out[2]).size());
        }
        assertEquals(5, ring.replicas(keyHash(1), 8, out));
    }

    @Test
    void replicas_spanDistinctZones_whenZonesAreSet() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nodes.add(new NodeInfo("n" + i, "10.0.1." + i, 7001, "zone-" + (i % 3), 100, NodeState.UP));
        }
        HashRing ring = HashRing.of(new Topology(1, nodes, 3, 160));
        int[] out = new int[3];
        for (int i = 0; i < 10_000; i++) {
            ring.replicas(keyHash(i), 3, out);
            Set<String> zones = new HashSet<>();
            for (int r : out) {
                zones.add(ring.node(r).zone());
            }
            assertEquals(3, zones.size(), "key " + i);
        }
    }

    @Test
    void sameNodesInAnyOrder_routeEveryKeyTheSame() {
        List<String> addresses = addresses(20);
        List<String> shuffled = new ArrayList<>(addresses);
        Collections.shuffle(shuffled, new Random(7));
        HashRing a = ring(addresses);
        HashRing b = ring(shuffled);
        int[] ra = new int[3];
        int[] rb = new int[3];
        for (int i = 0; i < 100_000; i++) {
            long hash = keyHash(i);
            a.replicas(hash, 3, ra);
            b.replicas(hash, 3, rb);
            for (int r = 0; r < 3; r++) {
                assertEquals(a.node(ra[r]).id(), b.node(rb[r]).id());
            }
        }
    }

    @Test
    void doubleWeightNode_getsAboutTwiceTheShare() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(new NodeInfo("n" + i, "10.0.2." + i, 7001, "", i == 0 ? 200 : 100, NodeState.UP));
        }
        HashRing ring = HashRing.of(new Topology(1, nodes, 1, 160));
        int[] counts = new int[5];
        for (int i = 0; i < 600_000; i++) {
            counts[ring.primary(keyHash(i))]++;
        }
        double ratio = counts[0] / ((counts[1] + counts[2] + counts[3] + counts[4]) / 4.0);
        assertTrue(ratio > 1.75 && ratio < 2.25, "weight-200 node holds " + ratio + "x a standard node");
    }

    @Test
    void joiningNode_ownsNothingYet() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeInfo.of("10.0.3." + i, 7001));
        }
        nodes.add(new NodeInfo("joining", "10.0.3.9", 7001, "", 100, NodeState.JOINING));
        HashRing ring = HashRing.of(new Topology(2, nodes, 3, 160));
        int joining = -1;
        for (int n = 0; n < ring.nodeCount(); n++) {
            if (ring.node(n).id().equals("joining")) {
                joining = n;
            }
        }
        int[] out = new int[4];
        for (int i = 0; i < 50_000; i++) {
            int count = ring.replicas(keyHash(i), 4, out);
            assertEquals(3, count);
            for (int r = 0; r < count; r++) {
                assertNotEquals(joining, out[r]);
            }
        }
    }

    @Test
    void ringOfSixteenHundredNodes_hasAPointPerVirtualNode() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 1_600; i++) {
            nodes.add(NodeInfo.of("10.1." + (i / 250) + "." + (i % 250), 7001));
        }
        HashRing ring = HashRing.of(new Topology(1, nodes, 3, 160));
        assertEquals(1_600 * 160, ring.pointCount());
        assertEquals(1_600, ring.nodeCount());
    }
}
