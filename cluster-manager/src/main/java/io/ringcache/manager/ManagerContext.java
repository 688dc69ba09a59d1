package io.ringcache.manager;

import io.ringcache.protocol.ring.Topology;
import java.util.List;

/** Everything a cluster manager is configured with, each setting with its default. Fluent setters. */
public final class ManagerContext {
    public static final int DEFAULT_PORT = 7100;
    public static final long DEFAULT_HEARTBEAT_MS = 1_000;
    public static final int DEFAULT_MISS_LIMIT = 3;

    private String managerId = "m1";
    private String bindAddress = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private List<String> peers = List.of();
    private int replicationFactor = Topology.DEFAULT_REPLICATION_FACTOR;
    private int vnodes = Topology.DEFAULT_VNODES;
    private long heartbeatMs = DEFAULT_HEARTBEAT_MS;
    private int missLimit = DEFAULT_MISS_LIMIT;

    /** This manager's id; among live managers, the lowest id is the active one. */
    public String managerId() {
        return managerId;
    }

    public ManagerContext managerId(String managerId) {
        this.managerId = managerId;
        return this;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public ManagerContext bindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /** TCP port for nodes, clients, operators and peer managers; 0 picks a free one. */
    public int port() {
        return port;
    }

    public ManagerContext port(int port) {
        this.port = port;
        return this;
    }

    /** The other managers ({@code host:port}), standing by or active. */
    public List<String> peers() {
        return peers;
    }

    public ManagerContext peers(List<String> peers) {
        this.peers = List.copyOf(peers);
        return this;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    public ManagerContext replicationFactor(int replicationFactor) {
        this.replicationFactor = replicationFactor;
        return this;
    }

    public int vnodes() {
        return vnodes;
    }

    public ManagerContext vnodes(int vnodes) {
        this.vnodes = vnodes;
        return this;
    }

    /** How often nodes and peer managers are heartbeated. */
    public long heartbeatMs() {
        return heartbeatMs;
    }

    public ManagerContext heartbeatMs(long heartbeatMs) {
        this.heartbeatMs = heartbeatMs;
        return this;
    }

    /** Heartbeats a node may miss in a row before it is marked DOWN. */
    public int missLimit() {
        return missLimit;
    }

    public ManagerContext missLimit(int missLimit) {
        this.missLimit = missLimit;
        return this;
    }

    /** Throws {@link IllegalArgumentException} naming the first setting out of range. */
    public ManagerContext validate() {
        if (managerId == null || managerId.isBlank()) {
            throw new IllegalArgumentException("manager id must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (replicationFactor < 1 || replicationFactor > Topology.MAX_REPLICATION_FACTOR) {
            throw new IllegalArgumentException("rf must be 1.." + Topology.MAX_REPLICATION_FACTOR + ", was "
                    + replicationFactor);
        }
        if (vnodes < 1 || vnodes > 4096) {
            throw new IllegalArgumentException("vnodes must be 1..4096, was " + vnodes);
        }
        if (heartbeatMs < 10) {
            throw new IllegalArgumentException("heartbeat must be at least 10 ms, was " + heartbeatMs);
        }
        if (missLimit < 1) {
            throw new IllegalArgumentException("miss limit must be at least 1, was " + missLimit);
        }
        return this;
    }
}
