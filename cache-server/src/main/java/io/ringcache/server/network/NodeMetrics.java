package io.ringcache.server.network;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide request and connection counters reported by STATS, next to the store's own. {@link LongAdder}s so the
 * event loops count without contending or allocating.
 */
public final class NodeMetrics {
    final LongAdder gets = new LongAdder();
    final LongAdder sets = new LongAdder();
    final LongAdder deletes = new LongAdder();
    final LongAdder touches = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder totalConnections = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    final AtomicInteger currentConnections = new AtomicInteger();
    private final long startedAtMs = System.currentTimeMillis();
    /** When a manager last heartbeated this node (0: never). */
    volatile long lastHeartbeatMs;

    public long sets() {
        return sets.sum();
    }

    /** Key operations since start (batch items counted one by one). */
    public long operations() {
        return gets.sum() + sets.sum() + deletes.sum() + touches.sum();
    }

    /** When a manager last heartbeated this node, in epoch ms (0: never). */
    public long lastHeartbeatMs() {
        return lastHeartbeatMs;
    }

    long uptimeSeconds() {
        return (System.currentTimeMillis() - startedAtMs) / 1000;
    }
}
