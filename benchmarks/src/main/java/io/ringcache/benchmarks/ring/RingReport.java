package io.ringcache.benchmarks.ring;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link RingSimulation} measured. Shares are relative to each node's fair share by weight ({@code keys × w /
 * total weight}), so with equal weights {@code maxOverMean} is the busiest node's keys over the mean. Moves count
 * keys whose primary changed, and compare them with the ideal: the new node's fair share on a join, the leaving
 * node's on a leave.
 *
 * @param placement what mapped keys to nodes
 * @param nodes nodes before the join and the leave
 * @param vnodes virtual nodes (or table slots) per standard node
 * @param keys keys routed
 * @param weights the weights cycled over the nodes, comma-separated
 * @param perNode keys whose primary each node is, in the topology's (id) order
 * @param shares each node's keys over its fair share, in the same order
 * @param maxOverMean the largest node share over its fair share
 * @param minOverMean the smallest node share over its fair share
 * @param stddevOverMean the standard deviation of the node shares over their fair shares
 * @param movedOnJoin keys whose primary changed when node {@code n<nodes>} joined
 * @param movedToNewNode of those, the keys that moved onto the new node
 * @param idealOnJoin the new node's fair share of the keys
 * @param movedOnLeave keys whose primary changed when node {@code n0} left
 * @param movedFromLeaver of those, the keys that had the leaving node as primary
 * @param idealOnLeave the leaving node's fair share of the keys
 * @param lookupNanos time to find the primary of a hashed key, from a timed loop (JMH's RingLookupBenchmark is the
 *     reference for the ring)
 * @param topologyBytes the size of the topology as TopologyCodec writes it (a TOPOLOGY answer's body)
 * @param seconds how long the simulation took
 */
public record RingReport(Placement placement, int nodes, int vnodes, long keys, String weights, long[] perNode,
        double[] shares, double maxOverMean, double minOverMean, double stddevOverMean, long movedOnJoin,
        long movedToNewNode, double idealOnJoin, long movedOnLeave, long movedFromLeaver, double idealOnLeave,
        double lookupNanos, int topologyBytes, double seconds) {

    public double movedOverIdealJoin() {
        return movedOnJoin / idealOnJoin;
    }

    public double movedOverIdealLeave() {
        return movedOnLeave / idealOnLeave;
    }

    /** The larger of the join and leave ratios. */
    public double movedOverIdeal() {
        return Math.max(movedOverIdealJoin(), movedOverIdealLeave());
    }

    /** The figures under the names of the JSON summary line (without the per-node counts). */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("placement", placement.label());
        map.put("nodes", nodes);
        map.put("vnodes", vnodes);
        map.put("keys", keys);
        map.put("weights", weights);
        map.put("max_over_mean", round(maxOverMean));
        map.put("min_over_mean", round(minOverMean));
        map.put("stddev_over_mean", round(stddevOverMean));
        map.put("moved_join", movedOnJoin);
        map.put("moved_join_to_new_node", movedToNewNode);
        map.put("moved_over_ideal_join", round(movedOverIdealJoin()));
        map.put("moved_leave", movedOnLeave);
        map.put("moved_leave_from_leaver", movedFromLeaver);
        map.put("moved_over_ideal_leave", round(movedOverIdealLeave()));
        map.put("moved_over_ideal", round(movedOverIdeal()));
        map.put("lookup_ns", Math.round(lookupNanos * 10) / 10.0);
        map.put("topology_bytes", topologyBytes);
        map.put("seconds", Math.round(seconds * 10) / 10.0);
        return map;
    }

    /** The figures as a few lines of text. */
    public String summary() {
        return String.format(Locale.ROOT, "%s: %,d nodes × %d vnodes, weights %s, %,d keys in %.1f s%n"
                + "keys per node over fair share: max %.3f, min %.3f, stddev %.3f%n"
                + "join n%d: %,d keys moved (%,d to the new node), %.3f × the ideal %,.0f%n"
                + "leave n0: %,d keys moved (%,d from n0), %.3f × the ideal %,.0f%n"
                + "lookup %.0f ns/op (timed loop; JMH RingLookupBenchmark is the reference); topology %,d bytes",
                placement.label(), nodes, vnodes, weights, keys, seconds, maxOverMean, minOverMean, stddevOverMean,
                nodes, movedOnJoin, movedToNewNode, movedOverIdealJoin(), idealOnJoin, movedOnLeave, movedFromLeaver,
                movedOverIdealLeave(), idealOnLeave, lookupNanos, topologyBytes);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
