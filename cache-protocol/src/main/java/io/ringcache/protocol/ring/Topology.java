package io.ringcache.protocol.ring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cluster's shape at one epoch: the nodes, the replication factor and the number of virtual nodes per standard
 * node. A value: the ring built from it ({@link HashRing#of}) is a pure function of it, so every party that holds
 * the same epoch routes every key the same way. Nodes are kept sorted by id, so the order they were listed in does
 * not matter.
 *
 * @param epoch monotonic version; a party only ever replaces its topology with one of a higher epoch
 * @param nodes the members, sorted by id, ids unique
 * @param replicationFactor how many distinct nodes hold each key
 * @param vnodesPerNode virtual nodes of a standard-weight node
 */
public record Topology(long epoch, List<NodeInfo> nodes, int replicationFactor, int vnodesPerNode) {
    public static final int DEFAULT_VNODES = 160;
    public static final int DEFAULT_REPLICATION_FACTOR = 3;
    /** The replication factor travels as one byte. */
    public static final int MAX_REPLICATION_FACTOR = 255;

    public Topology {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, was " + epoch);
        }
        if (replicationFactor < 1 || replicationFactor > MAX_REPLICATION_FACTOR) {
            throw new IllegalArgumentException("replication factor must be 1.." + MAX_REPLICATION_FACTOR + ", was "
                    + replicationFactor);
        }
        if (vnodesPerNode < 1 || vnodesPerNode > 4096) {
            throw new IllegalArgumentException("vnodes per node must be 1..4096, was " + vnodesPerNode);
        }
        List<NodeInfo> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(NodeInfo::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("node id " + sorted.get(i).id() + " appears twice");
            }
        }
        nodes = List.copyOf(sorted);
    }

    /** A topology of standard, UP nodes named by their addresses: what a client builds from a static seed list. */
    public static Topology ofAddresses(List<String> hostPorts, int replicationFactor, int vnodesPerNode) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (String hostPort : hostPorts) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("address must be host:port, was '" + hostPort + "'");
            }
            nodes.add(NodeInfo.of(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }
        return new Topology(0, nodes, replicationFactor, vnodesPerNode);
    }

    /** The node with this id, or null. */
    public NodeInfo node(String id) {
        for (NodeInfo node : nodes) {
            if (node.id().equals(id)) {
                return node;
            }
        }
        return null;
    }
}
