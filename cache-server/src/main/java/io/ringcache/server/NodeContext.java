package io.ringcache.server;

import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.server.replication.ReplicationBacklog;
import java.util.List;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * Everything a node is configured with, each setting with its default, in one place (as Aeron's {@code Context}
 * does). Fluent setters; {@link CacheNode#start} reads it once.
 */
public final class NodeContext {
    public static final int DEFAULT_PORT = 7001;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final long DEFAULT_MAX_MEMORY = 256L * 1024 * 1024;
    public static final int DEFAULT_EVICTION_SAMPLES = 5;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    /** How long a QUORUM or ALL write waits for replicas before it answers UNAVAILABLE. */
    public static final long DEFAULT_REPLICATION_TIMEOUT_MS = 500;
    /** Range transfers stream at most this many bytes per second (0: unthrottled). */
    public static final long DEFAULT_TRANSFER_RATE = 64L * 1024 * 1024;
    /** How long after becoming UP again a node looks its misses up at their peers (0: never). */
    public static final long DEFAULT_LAZY_FILL_WINDOW_MS = 60_000;

    private String nodeId = "node-" + DEFAULT_PORT;
    private String bindAddress = DEFAULT_BIND;
    private int port = DEFAULT_PORT;
    private long maxMemory = DEFAULT_MAX_MEMORY;
    private int ioThreads = Runtime.getRuntime().availableProcessors();
    private int evictionSamples = DEFAULT_EVICTION_SAMPLES;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private boolean nativeTransport = true;
    private EpochClock clock = SystemEpochClock.INSTANCE;
    private List<String> managers = List.of();
    private String advertisedHost;
    private String zone = "";
    private int weight = NodeInfo.STANDARD_WEIGHT;
    private long replicationTimeoutMs = DEFAULT_REPLICATION_TIMEOUT_MS;
    private long transferRate = DEFAULT_TRANSFER_RATE;
    private int replicationBacklogBytes = ReplicationBacklog.DEFAULT_BYTES;
    private long lazyFillWindowMs = DEFAULT_LAZY_FILL_WINDOW_MS;

    /**
     * How long, after the node becomes UP following a recovery or a join, a read that finds nothing here asks the
     * key's peers (lazy fill); 0 turns lazy fill off.
     */
    public long lazyFillWindowMs() {
        return lazyFillWindowMs;
    }

    public NodeContext lazyFillWindowMs(long lazyFillWindowMs) {
        this.lazyFillWindowMs = lazyFillWindowMs;
        return this;
    }

    /** Bytes of recent writes kept for partial syncs of replicas that come back with their memory. */
    public int replicationBacklogBytes() {
        return replicationBacklogBytes;
    }

    public NodeContext replicationBacklogBytes(int bytes) {
        this.replicationBacklogBytes = bytes;
        return this;
    }

    public long replicationTimeoutMs() {
        return replicationTimeoutMs;
    }

    public NodeContext replicationTimeoutMs(long replicationTimeoutMs) {
        this.replicationTimeoutMs = replicationTimeoutMs;
        return this;
    }

    /** Bytes per second range transfers may send, 0 for no limit. */
    public long transferRate() {
        return transferRate;
    }

    public NodeContext transferRate(long transferRate) {
        this.transferRate = transferRate;
        return this;
    }

    public String nodeId() {
        return nodeId;
    }

    public NodeContext nodeId(String nodeId) {
        this.nodeId = nodeId;
        return this;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public NodeContext bindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /** TCP port to listen on; 0 picks a free one (see {@link CacheNode#port()}). */
    public int port() {
        return port;
    }

    public NodeContext port(int port) {
        this.port = port;
        return this;
    }

    /** Bound on the store's memory: index, entries and allocator waste. */
    public long maxMemory() {
        return maxMemory;
    }

    public NodeContext maxMemory(long maxMemory) {
        this.maxMemory = maxMemory;
        return this;
    }

    /** Netty event-loop threads; each runs the requests it reads. */
    public int ioThreads() {
        return ioThreads;
    }

    public NodeContext ioThreads(int ioThreads) {
        this.ioThreads = ioThreads;
        return this;
    }

    /** Entries sampled per eviction (approximated LRU). */
    public int evictionSamples() {
        return evictionSamples;
    }

    public NodeContext evictionSamples(int evictionSamples) {
        this.evictionSamples = evictionSamples;
        return this;
    }

    /** Client connections accepted at once; more are closed on arrival. */
    public int maxConnections() {
        return maxConnections;
    }

    public NodeContext maxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
        return this;
    }

    /** Whether to use the native epoll transport when the platform has it (NIO otherwise). */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    public NodeContext nativeTransport(boolean nativeTransport) {
        this.nativeTransport = nativeTransport;
        return this;
    }

    /** Wall clock for TTLs; tests substitute one they move by hand. */
    public EpochClock clock() {
        return clock;
    }

    public NodeContext clock(EpochClock clock) {
        this.clock = clock;
        return this;
    }

    /** Cluster managers ({@code host:port}) to register with; empty: a static node, outside any managed cluster. */
    public List<String> managers() {
        return managers;
    }

    public NodeContext managers(List<String> managers) {
        this.managers = List.copyOf(managers);
        return this;
    }

    /** The host clients and managers reach this node at (default: the bind address). */
    public String advertisedHost() {
        return advertisedHost != null ? advertisedHost : bindAddress;
    }

    public NodeContext advertisedHost(String host) {
        this.advertisedHost = host;
        return this;
    }

    /** Failure zone (rack, availability zone); replicas of a key go to distinct zones first. */
    public String zone() {
        return zone;
    }

    public NodeContext zone(String zone) {
        this.zone = zone;
        return this;
    }

    /** Relative capacity, 100 for a standard node: the node's share of the ring scales with it. */
    public int weight() {
        return weight;
    }

    public NodeContext weight(int weight) {
        this.weight = weight;
        return this;
    }

    /** Throws {@link IllegalArgumentException} naming the first setting out of range. */
    public NodeContext validate() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxMemory < 4L * 1024 * 1024) {
            throw new IllegalArgumentException("max-memory must be at least 4m, was " + maxMemory + " bytes");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("io-threads must be at least 1, was " + ioThreads);
        }
        if (evictionSamples < 1 || evictionSamples > 64) {
            throw new IllegalArgumentException("eviction-samples must be 1..64, was " + evictionSamples);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections must be at least 1, was " + maxConnections);
        }
        if (replicationTimeoutMs < 1) {
            throw new IllegalArgumentException("replication-timeout must be positive, was " + replicationTimeoutMs
                    + " ms");
        }
        if (replicationBacklogBytes < 2 * 1024 * 1024) {
            throw new IllegalArgumentException("replication-backlog must be at least 2 MiB (two of the largest "
                    + "records), was " + replicationBacklogBytes);
        }
        if (lazyFillWindowMs < 0) {
            throw new IllegalArgumentException("lazy-fill-window must not be negative, was " + lazyFillWindowMs
                    + " ms");
        }
        if (transferRate < 0) {
            throw new IllegalArgumentException("transfer-rate must not be negative, was " + transferRate);
        }
        if (weight < 1 || weight > 10_000) {
            throw new IllegalArgumentException("weight must be 1..10000, was " + weight);
        }
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        return this;
    }
}
