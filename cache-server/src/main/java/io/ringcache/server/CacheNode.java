package io.ringcache.server;

import io.ringcache.server.network.NodeMetrics;
import io.ringcache.server.network.NodeServer;
import io.ringcache.server.store.OffHeapStore;
import io.ringcache.server.store.Store;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running cache node: its store and the server in front of it, started together and stopped together.
 */
public final class CacheNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheNode.class);

    private final NodeContext context;
    private final Store store;
    private final NodeServer server;
    private final NodeMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CacheNode(NodeContext context, Store store, NodeServer server, NodeMetrics metrics) {
        this.context = context;
        this.store = store;
        this.server = server;
        this.metrics = metrics;
    }

    /** Validates the context, allocates the store, binds the port and logs where the node listens. */
    public static CacheNode start(NodeContext context) throws InterruptedException {
        context.validate();
        Store store = new OffHeapStore(context.maxMemory(), context.evictionSamples(), context.clock());
        NodeMetrics metrics = new NodeMetrics();
        NodeServer server = new NodeServer(context, store, metrics);
        try {
            server.start();
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            store.close();
            throw e;
        }
        CacheNode node = new CacheNode(context, store, server, metrics);
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

    /** Stops serving, then frees the store's memory. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        store.close();
        LOG.info("node {} stopped", context.nodeId());
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
