package io.ringcache.benchmarks.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ring simulation at a small scale (50 nodes, 200,000 keys), where its figures can be checked against what
 * consistent hashing guarantees, and its alternative placements against their own promises.
 */
class RingSimulationTest {
    private static final int NODES = 50;
    private static final int KEYS = 200_000;

    private static RingReport run(String placement, String weights) {
        return new RingSimulation(NODES, 160, KEYS, RingSimulation.parseWeights(weights), Placement.parse(placement))
                .run();
    }

    private static Topology topology(int nodes, int[] weights) {
        List<NodeInfo> list = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            list.add(RingSimulation.node(i, weights));
        }
        return new Topology(1, list, 3, 160);
    }

    @Test
    void ring_countsEveryKeyOnce_movesAboutOneShareOnJoinAndLeave_onlyToTheNewNodeAndFromTheLeaver() {
        RingReport report = run("ring", null);
        assertEquals(KEYS, Arrays.stream(report.perNode()).sum());
        assertTrue(report.maxOverMean() > 1 && report.maxOverMean() < 1.2, report.summary());
        assertTrue(report.minOverMean() < 1 && report.minOverMean() > 0.8, report.summary());
        assertTrue(report.stddevOverMean() > 0 && report.stddevOverMean() < 0.1, report.summary());

        assertEquals(KEYS / (NODES + 1.0), report.idealOnJoin(), 1e-6);
        assertEquals(report.movedOnJoin(), report.movedToNewNode(), "every moved key goes to the new node");
        assertTrue(Math.abs(report.movedOverIdealJoin() - 1) < 0.2, report.summary());

        assertEquals(KEYS / (double) NODES, report.idealOnLeave(), 1e-6);
        assertEquals(report.movedOnLeave(), report.movedFromLeaver(), "only the leaver's keys move");
        assertEquals(report.perNode()[0], report.movedOnLeave(), "n0 sorts first, and all its keys move");
        assertEquals(Math.max(report.movedOverIdealJoin(), report.movedOverIdealLeave()), report.movedOverIdeal());
        assertTrue(report.lookupNanos() > 0);
        assertEquals(RingSimulation.topologyBytes(topology(NODES, new int[] {100})), report.topologyBytes());
    }

    @Test
    void topologyBytes_areTheHeaderPlusEightBytesAndTheStringsOfEachNode() {
        int expected = 13;
        for (int i = 0; i < NODES; i++) {
            NodeInfo node = RingSimulation.node(i, new int[] {100});
            expected += 8 + node.id().length() + node.host().length();
        }
        assertEquals(expected, RingSimulation.topologyBytes(topology(NODES, new int[] {100})));
    }

    @Test
    void weightedRing_measuresEachNodeAgainstItsShareByWeight() {
        RingReport report = run("ring", "100,200");
        assertEquals(KEYS, Arrays.stream(report.perNode()).sum());
        assertEquals("100,200", report.weights());
        assertTrue(report.maxOverMean() < 1.2 && report.minOverMean() > 0.8, report.summary());
        // n50 joins with weight 100 of a total 7,500 + 100; n0 leaves with weight 100 of 7,500
        assertEquals(KEYS * 100.0 / 7_600, report.idealOnJoin(), 1e-6);
        assertEquals(KEYS * 100.0 / 7_500, report.idealOnLeave(), 1e-6);
        assertEquals(report.movedOnJoin(), report.movedToNewNode());
    }

    @Test
    void keys_areWrittenAsKeyDashIndex_withoutAllocating() {
        byte[] buffer = new byte[24];
        for (long i : new long[] {0, 7, 9, 10, 99, 100, 123_456, 9_999_999, Long.MAX_VALUE}) {
            int length = RingSimulation.writeKey(buffer, i);
            assertEquals("key-" + i, new String(buffer, 0, length, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void multiProbeRingWithThreeProbes_routesEveryKeyAsHashRing() {
        Topology topology = topology(NODES, new int[] {100, 250, 30});
        HashRing ring = HashRing.of(topology);
        MultiProbeRing probes = new MultiProbeRing(topology, HashRing.PROBES);
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 100_000; i++) {
            long hash = i < 1_000 ? KeyHash.hash("key-" + i) : random.nextLong();
            assertEquals(ring.primary(hash), probes.primary(hash), "hash " + hash);
        }
        long[] edges = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE};
        for (long hash : edges) {
            assertEquals(ring.primary(hash), probes.primary(hash), "hash " + hash);
        }
    }

    @Test
    void moreProbes_stayConsistent_andSpreadKeysMoreEvenly() {
        RingReport three = run("probes:3", null);
        RingReport six = run("probes:6", null);
        assertEquals(six.movedOnJoin(), six.movedToNewNode());
        assertEquals(six.movedOnLeave(), six.movedFromLeaver());
        assertTrue(six.stddevOverMean() < three.stddevOverMean(), six.summary() + "\n" + three.summary());
    }

    @Test
    void maglevTable_givesEveryNodeItsShareOfSlotsByWeight_toWithinTwoSlots() {
        int[] weights = {100, 200, 50};
        Topology topology = topology(NODES, weights);
        MaglevTable table = new MaglevTable(topology, MaglevTable.sizeFor(NODES, 160));
        assertEquals(8_009, table.size(), "the first prime from 50 × 160 = 8,000");
        int[] slots = new int[NODES];
        for (long slot = 0; slot < table.size(); slot++) {
            long high = ((slot << 32) + table.size() - 1) / table.size();
            slots[table.primary(high << 32)]++;
        }
        long totalWeight = topology.nodes().stream().mapToLong(NodeInfo::weight).sum();
        for (int n = 0; n < NODES; n++) {
            double fair = table.size() * (double) topology.nodes().get(n).weight() / totalWeight;
            assertEquals(fair, slots[n], 2.0, topology.nodes().get(n).id());
        }
    }

    @Test
    void maglev_spreadsEvenly_butMovesKeysBetweenNodesThatStay() {
        RingReport report = run("maglev", null);
        assertEquals(KEYS, Arrays.stream(report.perNode()).sum());
        assertTrue(report.maxOverMean() < 1.1, report.summary());
        assertTrue(report.movedOnJoin() > report.movedToNewNode(), report.summary());
        assertTrue(Math.abs(report.movedToNewNode() / report.idealOnJoin() - 1) < 0.1, report.summary());
    }

    @Test
    void boundedLoad_capsTheBusiestNode() {
        RingReport ring = run("probes:1", null);
        RingReport bounded = run("bounded:0.05", null);
        assertTrue(bounded.maxOverMean() < 1.12 && ring.maxOverMean() > bounded.maxOverMean(),
                bounded.summary() + "\n" + ring.summary());
    }

    @Test
    void placements_andWeights_parseAsDocumented() {
        assertEquals("ring", Placement.parse("RING").label());
        assertEquals("probes:6", Placement.parse("probes:6").label());
        assertEquals("maglev", Placement.parse("maglev").label());
        assertEquals("bounded:0.05", Placement.parse(" bounded:0.05").label());
        for (String wrong : new String[] {"probes", "probes:0", "probes:2.5", "ring:3", "bounded:0", "jump"}) {
            assertThrows(IllegalArgumentException.class, () -> Placement.parse(wrong), wrong);
        }
        assertArrayEquals(new int[] {100}, RingSimulation.parseWeights(null));
        assertArrayEquals(new int[] {100, 200}, RingSimulation.parseWeights("100, 200"));
    }
}
