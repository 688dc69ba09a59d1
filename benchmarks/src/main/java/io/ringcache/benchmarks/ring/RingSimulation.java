package io.ringcache.benchmarks.ring;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.protocol.codec.TopologyCodec;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToIntFunction;
import java.util.stream.Collectors;

/**
 * Issue 6: how evenly does the ring spread keys at the seed's scale (1,600 nodes), how many keys move when one node
 * joins or leaves, and how large is the topology message? A unit test cannot say at that scale, and a cluster of
 * 1,600 processes is out of reach, so this routes synthetic keys through the routing code alone.
 *
 * <p>The topology has nodes {@code n0 … n<N-1>}, all UP, node {@code i} of weight {@code weights[i mod length]}.
 * Key {@code i} is the ASCII string {@code key-<i>}, hashed by {@link KeyHash}. Each key is routed on three
 * topologies: as is, with {@code n<N>} joined (of the next weight in the cycle), and with {@code n0} gone. Keys per
 * node are counted in a primitive array, keys are written into one reused buffer, and the lookups allocate nothing,
 * so ten million keys take about 8 s on the ring of 160 vnodes (a 2-core VM). {@code ringcache bench ring} runs it.
 */
public final class RingSimulation {
    /** Keys are this prefix followed by their index in decimal. */
    private static final byte[] PREFIX = "key-".getBytes(StandardCharsets.US_ASCII);
    /** Hashed keys kept for the timed lookup loop. */
    private static final int TIMED_KEYS = 1 << 20;
    private static final long MIN_TIMED_NANOS = 300_000_000L;
    private static final int REPLICATION_FACTOR = 3;
    /** Keeps the timed loop's result alive, so the JIT cannot drop the lookups. */
    private static volatile long sink;

    private final int nodes;
    private final int vnodes;
    private final long keys;
    private final int[] weights;
    private final Placement placement;

    /**
     * @param nodes how many nodes, at least 2
     * @param vnodes virtual nodes per standard node (for Maglev: table slots per node)
     * @param keys how many keys to route
     * @param weights node weights, cycled over the nodes (see {@link #parseWeights})
     * @param placement what maps keys to nodes
     */
    public RingSimulation(int nodes, int vnodes, long keys, int[] weights, Placement placement) {
        if (nodes < 2 || nodes > 65_534) {
            throw new IllegalArgumentException("nodes must be 2..65534, was " + nodes);
        }
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, was " + keys);
        }
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights must name at least one weight");
        }
        this.nodes = nodes;
        this.vnodes = vnodes;
        this.keys = keys;
        this.weights = weights.clone();
        this.placement = placement;
    }

    /**
     * Reads a comma-separated list of weights ({@code 100,200}: every second node has twice the capacity); null or
     * blank means every node is standard (100).
     */
    public static int[] parseWeights(String text) {
        if (text == null || text.isBlank()) {
            return new int[] {NodeInfo.STANDARD_WEIGHT};
        }
        return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /** Writes {@code key-<index>} into {@code buffer} (at least 24 bytes) and returns its length. */
    static int writeKey(byte[] buffer, long index) {
        int digits = 1;
        for (long rest = index / 10; rest > 0; rest /= 10) {
            digits++;
        }
        System.arraycopy(PREFIX, 0, buffer, 0, PREFIX.length);
        int end = PREFIX.length + digits;
        long rest = index;
        for (int at = end - 1; at >= PREFIX.length; at--) {
            buffer[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return end;
    }

    /** The node of index {@code i}: id {@code n<i>}, a distinct 10.x.y.z address, the cycled weight, UP. */
    static NodeInfo node(int i, int[] weights) {
        String host = "10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF);
        return new NodeInfo("n" + i, host, 7001, "", weights[i % weights.length], NodeState.UP);
    }

    public RingReport run() {
        long started = System.nanoTime();
        List<NodeInfo> all = new ArrayList<>(nodes + 1);
        for (int i = 0; i <= nodes; i++) {
            all.add(node(i, weights));
        }
        Topology before = topology(all.subList(0, nodes));
        Topology joined = topology(all);
        Topology left = topology(all.subList(1, nodes));
        int tableSize = MaglevTable.sizeFor(nodes, vnodes);
        LongToIntFunction route = placement.router(before, tableSize);
        LongToIntFunction routeJoined = placement.router(joined, tableSize);
        LongToIntFunction routeLeft = placement.router(left, tableSize);
        int[] joinedToBefore = indexes(joined, before);
        int[] leftToBefore = indexes(left, before);
        int leaver = indexOf(before, "n0");

        long[] perNode = new long[nodes];
        long[] timed = new long[(int) Math.min(keys, TIMED_KEYS)];
        byte[] key = new byte[24];
        long movedOnJoin = 0;
        long movedToNewNode = 0;
        long movedOnLeave = 0;
        long movedFromLeaver = 0;
        for (long i = 0; i < keys; i++) {
            long hash = KeyHash.hash(key, 0, writeKey(key, i));
            if (i < timed.length) {
                timed[(int) i] = hash;
            }
            int primary = route.applyAsInt(hash);
            perNode[primary]++;
            int afterJoin = joinedToBefore[routeJoined.applyAsInt(hash)];
            if (afterJoin != primary) {
                movedOnJoin++;
                if (afterJoin < 0) {
                    movedToNewNode++;
                }
            }
            if (leftToBefore[routeLeft.applyAsInt(hash)] != primary) {
                movedOnLeave++;
                if (primary == leaver) {
                    movedFromLeaver++;
                }
            }
        }
        double lookupNanos = lookupNanos(route, timed);

        long totalWeight = 0;
        for (NodeInfo node : before.nodes()) {
            totalWeight += node.weight();
        }
        double[] share = new double[nodes];
        for (int n = 0; n < nodes; n++) {
            share[n] = perNode[n] / (keys * (double) before.nodes().get(n).weight() / totalWeight);
        }
        double mean = Arrays.stream(share).average().orElseThrow();
        double variance = Arrays.stream(share).map(s -> (s - mean) * (s - mean)).sum() / nodes;
        int newWeight = all.get(nodes).weight();
        double idealOnJoin = keys * (double) newWeight / (totalWeight + newWeight);
        double idealOnLeave = keys * (double) before.nodes().get(leaver).weight() / totalWeight;
        return new RingReport(placement, nodes, vnodes, keys, weightList(), perNode, share,
                Arrays.stream(share).max().orElseThrow() / mean, Arrays.stream(share).min().orElseThrow() / mean,
                Math.sqrt(variance) / mean, movedOnJoin, movedToNewNode, idealOnJoin, movedOnLeave, movedFromLeaver,
                idealOnLeave, lookupNanos, topologyBytes(before), (System.nanoTime() - started) / 1e9);
    }

    private Topology topology(List<NodeInfo> members) {
        return new Topology(1, members, REPLICATION_FACTOR, vnodes);
    }

    private String weightList() {
        return Arrays.stream(weights).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** For each node index of {@code from}, the index of the same node in {@code to}, or -1 when it has none. */
    private static int[] indexes(Topology from, Topology to) {
        Map<String, Integer> byId = new HashMap<>();
        for (int n = 0; n < to.nodes().size(); n++) {
            byId.put(to.nodes().get(n).id(), n);
        }
        return from.nodes().stream().mapToInt(node -> byId.getOrDefault(node.id(), -1)).toArray();
    }

    private static int indexOf(Topology topology, String id) {
        return topology.nodes().indexOf(topology.node(id));
    }

    /** The size of the topology as a TOPOLOGY answer carries it. */
    static int topologyBytes(Topology topology) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            TopologyCodec.write(buffer, topology);
            return buffer.readableBytes();
        } finally {
            buffer.release();
        }
    }

    /**
     * Mean time per lookup over pre-hashed keys, after a warm-up pass (the routing loop has compiled the lookups
     * already): a report figure, where JMH's {@link RingLookupBenchmark} is the careful measurement.
     */
    private static double lookupNanos(LongToIntFunction route, long[] hashes) {
        long sum = 0;
        for (long hash : hashes) {
            sum += route.applyAsInt(hash);
        }
        long lookups = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (long hash : hashes) {
                sum += route.applyAsInt(hash);
            }
            lookups += hashes.length;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MIN_TIMED_NANOS);
        sink = sum;
        return (double) elapsed / lookups;
    }
}
