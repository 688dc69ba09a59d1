package io.ringcache.server.replication;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QUORUM and ALL waiters of one event loop, reused, so that a write that waits for acknowledgements allocates
 * nothing in steady state: a waiter comes back here once it has answered and heard from every link it registered
 * with. Their timeouts share one timer instead of a scheduled task each. Every waiter armed on a loop waits the same
 * replication timeout, so deadlines come in the order the waiters were armed, and a FIFO checked every tick expires
 * them; an entry whose waiter has answered (and may serve another write by now) carries an older generation and is
 * skipped, so the FIFO holds one entry for every write armed within the last timeout (at 100,000 QUORUM writes a
 * second and the default 500 ms, 50,000 entries of 20 bytes). The tick runs only while entries wait. Only ever used
 * from its loop.
 */
public final class AckWaiters {
    private static final Logger LOG = LoggerFactory.getLogger(AckWaiters.class);
    /** Spare waiters kept: more than a loop has waiting in steady state at the rates a node serves. */
    private static final int MAX_SPARE = 1024;
    /**
     * The most keys a kept waiter has room for: one grown for a larger batch is left to the collector, so that the
     * spares of one event loop never hold more than about 3 MB however large the batches clients send.
     */
    static final int MAX_KEPT_ITEMS = 128;

    private final EventLoop loop;
    private final ReplicationMetrics metrics;
    private final long timeoutMs;
    private final long timeoutNanos;
    private final long tickMs;
    private final ArrayDeque<AckWaiter> spare = new ArrayDeque<>();
    /** Armed waiters, oldest first: the generation armed, and the deadline ({@link System#nanoTime}). */
    private final WaiterQueue armed = new WaiterQueue();
    private ScheduledFuture<?> tick;

    AckWaiters(Replication replication, EventLoop loop) {
        this.loop = loop;
        this.metrics = replication.metrics();
        this.timeoutMs = replication.timeoutMs();
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.tickMs = Math.max(1, Math.min(10, timeoutMs / 10));
    }

    /** A waiter for a write of {@code items} keys (1 for single-key requests) on {@code ctx}'s connection. */
    public AckWaiter take(ChannelHandlerContext ctx, byte opcode, int requestId, long epoch, int items) {
        AckWaiter waiter = spare.poll();
        if (waiter == null) {
            waiter = new AckWaiter(this);
        }
        waiter.reset(ctx, opcode, requestId, epoch, items);
        return waiter;
    }

    void release(AckWaiter waiter) {
        if (spare.size() < MAX_SPARE && waiter.capacity() <= MAX_KEPT_ITEMS) {
            spare.push(waiter);
        }
    }

    /** Expires {@code waiter} one timeout from now unless it has answered or moved on from {@code generation}. */
    void expireLater(AckWaiter waiter, long generation) {
        armed.add(waiter, generation, System.nanoTime() + timeoutNanos);
        if (tick == null) {
            tick = loop.scheduleAtFixedRate(this::expireDue, tickMs, tickMs, TimeUnit.MILLISECONDS);
        }
    }

    private void expireDue() {
        long now = System.nanoTime();
        while (!armed.isEmpty() && armed.headSecond() - now <= 0) {
            AckWaiter waiter = armed.headWaiter();
            long generation = armed.headFirst();
            armed.removeHead();
            try {
                waiter.expire(generation);
            } catch (RuntimeException e) {
                // thrown out of this repeating task, it would cancel the timer of every later write on this loop
                LOG.warn("answering a write whose replication timeout passed failed", e);
            }
        }
        if (armed.isEmpty()) {
            stopTick();
        }
    }

    private void stopTick() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    /** Stops the timer and forgets the waiting entries; the node is stopping and its links fail their waiters. */
    void close() {
        stopTick();
        armed.clear();
        spare.clear();
    }

    ReplicationMetrics metrics() {
        return metrics;
    }

    long timeoutMs() {
        return timeoutMs;
    }
}
