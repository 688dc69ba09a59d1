package io.ringcache.benchmarks.load;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.routing.StaticTopologySource;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks every replica of every key, each node on its own, which version it holds, and counts the keys whose replicas
 * agree (converged: all hold one version, or none holds the key), lack the key on some replicas only (missing) or hold
 * different versions (reported as corrupt): the check that replication leaves all copies alike. A version names one
 * write, so equal versions mean equal values.
 */
public final class ConvergenceCheck {
    private static final int BATCH = 500;

    private ConvergenceCheck() {
    }

    /** Checks the keys of {@code keys} on the replicas named by the topology {@code client} holds. */
    public static CheckResult run(RingcacheClient client, KeySpace keys, Duration timeout) {
        Topology topology = client.topology();
        HashRing ring = HashRing.of(topology);
        int rf = topology.replicationFactor();
        Map<Integer, RingcacheClient> nodeClients = new HashMap<>();
        try {
            long converged = 0;
            long missing = 0;
            long divergent = 0;
            long errors = 0;
            int[] replicas = new int[Topology.MAX_REPLICATION_FACTOR];
            for (long from = 0; from < keys.count(); from += BATCH) {
                int size = (int) Math.min(BATCH, keys.count() - from);
                byte[][] batch = new byte[size][];
                int[][] holders = new int[size][];
                Map<Integer, List<Integer>> keysByNode = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    batch[i] = keys.key(from + i);
                    int count = ring.replicas(KeyHash.hash(batch[i]), rf, replicas);
                    holders[i] = Arrays.copyOf(replicas, count);
                    for (int node : holders[i]) {
                        keysByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
                    }
                }
                long[][] versions = new long[size][];
                boolean[] failed = new boolean[size];
                for (int i = 0; i < size; i++) {
                    versions[i] = new long[holders[i].length];
                }
                for (Map.Entry<Integer, List<Integer>> entry : keysByNode.entrySet()) {
                    int node = entry.getKey();
                    List<byte[]> nodeKeys = new ArrayList<>();
                    entry.getValue().forEach(i -> nodeKeys.add(batch[i]));
                    List<CacheValue> values;
                    try {
                        values = nodeClients.computeIfAbsent(node, n -> clientOf(ring.node(n), timeout))
                                .getAll(nodeKeys);
                    } catch (RuntimeException e) {
                        entry.getValue().forEach(i -> failed[i] = true);
                        continue;
                    }
                    for (int k = 0; k < values.size(); k++) {
                        int i = entry.getValue().get(k);
                        CacheValue value = values.get(k);
                        int slot = indexOf(holders[i], node);
                        versions[i][slot] = value == null ? 0 : value.version();
                    }
                }
                for (int i = 0; i < size; i++) {
                    if (failed[i]) {
                        errors++;
                    } else if (Arrays.stream(versions[i]).anyMatch(v -> v == 0)
                            && Arrays.stream(versions[i]).anyMatch(v -> v != 0)) {
                        missing++;
                    } else if (Arrays.stream(versions[i]).distinct().count() > 1) {
                        divergent++;
                    } else {
                        converged++;
                    }
                }
            }
            return new CheckResult("converge", keys.count(), converged, missing, divergent, errors);
        } finally {
            nodeClients.values().forEach(RingcacheClient::close);
        }
    }

    /** A client that sends every key to {@code node} alone. */
    private static RingcacheClient clientOf(NodeInfo node, Duration timeout) {
        NodeInfo only = new NodeInfo(node.id(), node.host(), node.port(), node.zone(), node.weight(), NodeState.UP);
        return RingcacheClient.builder()
                .topologySource(new StaticTopologySource(new Topology(0, List.of(only), 1, Topology.DEFAULT_VNODES)))
                .timeout(timeout)
                .build();
    }

    private static int indexOf(int[] nodes, int node) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == node) {
                return i;
            }
        }
        throw new IllegalStateException("node " + node + " is not a holder");
    }
}
