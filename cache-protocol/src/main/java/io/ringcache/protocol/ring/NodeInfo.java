package io.ringcache.protocol.ring;

import java.util.Objects;

/**
 * One node as the topology describes it.
 *
 * @param id unique, stable name; virtual nodes are placed by hashing it, so the same id always gets the same points
 * @param host address clients and peers connect to
 * @param port its protocol port
 * @param zone failure zone (rack, availability zone); empty when zones are not used
 * @param weight relative capacity, 100 being a standard node; its virtual-node count scales with it
 * @param state where the node stands in its life cycle
 */
public record NodeInfo(String id, String host, int port, String zone, int weight, NodeState state) {
    public static final int STANDARD_WEIGHT = 100;

    public NodeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(state, "state");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (weight < 1 || weight > 10_000) {
            throw new IllegalArgumentException("weight must be 1..10000, was " + weight);
        }
    }

    /** A standard-weight, zone-less, UP node whose id is its {@code host:port}. */
    public static NodeInfo of(String host, int port) {
        return new NodeInfo(host + ":" + port, host, port, "", STANDARD_WEIGHT, NodeState.UP);
    }

    public String address() {
        return host + ":" + port;
    }
}
