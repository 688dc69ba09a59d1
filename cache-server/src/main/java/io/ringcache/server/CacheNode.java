package io.ringcache.server;

import io.ringcache.protocol.netty.Transport;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.server.cluster.ManagerLink;
import io.ringcache.server.eviction.LruPolicy;
import io.ringcache.server.fill.LazyFill;
import io.ringcache.server.network.NodeMetrics;
import io.ringcache.server.network.NodeServer;
import io.ringcache.server.replication.Replication;
import io.ringcache.server.store.ExpirySweeper;
import io.ringcache.server.store.OffHeapStore;
import io.ringcache.server.transfer.RangeMover;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running cache node: its store, the background sweep that reclaims expired entries, the range mover that streams
 * keys to new holders, the lazy fill of misses after a recovery, and the server in front of them, started together
 * and stopped together.
 */
public final class CacheNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheNode.class);

    private final NodeContext context;
    /** Pause of the expiry sweep after a duty cycle that found nothing expired. */
    private static final long SWEEP_IDLE_MS = 10;

    private final OffHeapStore store;
    private final AgentRunner sweeper;
    private final NodeServer server;
    private final NodeMetrics metrics;
    private final NodeTopology topology;
    private final RangeMover mover;
    private final Replication replication;
    private final LazyFill lazyFill;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ManagerLink managerLink;

    private CacheNode(NodeContext context, OffHeapStore store, AgentRunner sweeper, NodeServer server,
            NodeMetrics metrics, NodeTopology topology, Replication replication, RangeMover mover,
            LazyFill lazyFill) {
        this.topology = topology;
        this.lazyFill = lazyFill;
        this.replication = replication;
        this.mover = mover;
        this.context = context;
        this.store = store;
        this.sweeper = sweeper;
        this.server = server;
        this.metrics = metrics;
    }

    /** Validates the context, allocates the store, binds the port and logs where the node listens. */
    public static CacheNode start(NodeContext context) throws InterruptedException {
        context.validate();
        OffHeapStore store = new OffHeapStore(context.maxMemory(), context.clock(), new LruPolicy(),
                context.evictionSamples(), versionTag(context.nodeId()), OffHeapStore.DEFAULT_TOMBSTONE_TTL_MS);
        AgentRunner sweeper = new AgentRunner(new SleepingMillisIdleStrategy(SWEEP_IDLE_MS),
                error -> LOG.error("expiry sweep failed", error), null,
                new ExpirySweeper(store, ExpirySweeper.DEFAULT_SLOTS_PER_DUTY_CYCLE));
        AgentRunner.startOnThread(sweeper);
        NodeMetrics metrics = new NodeMetrics();
        NodeTopology topology = new NodeTopology(context.nodeId(), !context.managers().isEmpty());
        Transport transport = Transport.select(context.nativeTransport());
        Replication replication = new Replication(context.nodeId(), transport.socketChannel(),
                context.replicationTimeoutMs(), context.replicationBacklogBytes());
        RangeMover mover = new RangeMover(store, topology, replication, context.transferRate());
        LazyFill lazyFill = new LazyFill(topology, store, context.clock(), context.lazyFillWindowMs(),
                context.replicationTimeoutMs(), transport.socketChannel());
        NodeServer server = new NodeServer(context, store, topology, metrics, replication, mover, lazyFill);
        try {
            server.start();
            mover.start();
        } catch (InterruptedException | RuntimeException e) {
            mover.close();
            server.close();
            sweeper.close();
            store.close();
            throw e;
        }
        CacheNode node = new CacheNode(context, store, sweeper, server, metrics, topology, replication, mover,
                lazyFill);
        if (!context.managers().isEmpty()) {
            node.managerLink = new ManagerLink(new NodeInfo(context.nodeId(), context.advertisedHost(), server.port(),
                    context.zone(), context.weight(), NodeState.UP), context.managers(), topology,
                    metrics::lastHeartbeatMs);
            node.managerLink.start();
        }
        LOG.info("node {} listening on {}:{} ({}, {} io threads), max-memory {}, eviction: sampled LRU of {}",
                context.nodeId(), context.bindAddress(), server.port(), server.transportName(),
                context.ioThreads(), humanBytes(context.maxMemory()), context.evictionSamples());
        return node;
    }

    /** The port the node listens on. */
    public int port() {
        return server.port();
    }

    public NodeContext context() {
        return context;
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    /** The node's replication: its incarnation, backlog and what it knows of its peers' gaps. */
    public Replication replication() {
        return replication;
    }

    /** The range mover, which tells how far this node is in handing keys over. */
    public RangeMover mover() {
        return mover;
    }

    /** The node's lazy fill, which counts the misses it looked up at peers. */
    public LazyFill lazyFill() {
        return lazyFill;
    }

    /** The topology the node holds (epoch 0 until a manager pushes one). */
    public NodeTopology topology() {
        return topology;
    }

    /** Stops serving and sweeping, then frees the store's memory. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (managerLink != null) {
            managerLink.close();
        }
        mover.close();
        server.close();
        sweeper.close();
        store.close();
        LOG.info("node {} stopped", context.nodeId());
    }

    /**
     * The low byte of every version this node stamps, from its id, so that two nodes writing the same key in the
     * same millisecond stamp different versions and replicas converge on one of them.
     */
    static int versionTag(String nodeId) {
        return (int) (KeyHash.hash(nodeId) & 0xFF);
    }

    static String humanBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return (long) value + " " + units[unit];
    }
}
