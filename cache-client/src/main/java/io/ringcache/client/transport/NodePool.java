package io.ringcache.client.transport;

import io.netty.channel.EventLoopGroup;
import io.ringcache.client.RequestTimeoutException;
import io.ringcache.client.RingcacheException;
import io.ringcache.client.ServerErrorException;
import io.ringcache.protocol.netty.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A client's connections to one node, and what the client has seen of that node: its round-trip latencies and
 * whether it is failing. Requests are spread round-robin over the connections.
 *
 * <p>A node whose requests fail in transport (refused, reset, timed out) {@value #SUSPECT_AFTER} times in a row is
 * <em>suspect</em>: the client routes around it until a request or a probe gets an answer from it again.
 */
public final class NodePool implements AutoCloseable {
    static final int SUSPECT_AFTER = 2;
    private static final long MAX_TRACKED_MICROS = TimeUnit.SECONDS.toMicros(60);

    private final String nodeId;
    private final NodeConnection[] connections;
    private final AtomicInteger nextConnection = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(MAX_TRACKED_MICROS, 2);

    public NodePool(String nodeId, InetSocketAddress address, int connectionCount, EventLoopGroup group,
            Transport transport, long timeoutNanos, int connectTimeoutMs) {
        this.nodeId = nodeId;
        this.connections = new NodeConnection[connectionCount];
        for (int i = 0; i < connectionCount; i++) {
            connections[i] = new NodeConnection(address, group, transport, timeoutNanos, connectTimeoutMs);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    /** Whether the node keeps failing and should be routed around. */
    public boolean isSuspect() {
        return consecutiveFailures.get() >= SUSPECT_AFTER;
    }

    /** Sends a request on the next connection, recording its latency and the node's health. */
    public <T> CompletableFuture<T> send(RequestWriter writer, ResponseReader<T> reader) {
        int index = Math.floorMod(nextConnection.getAndIncrement(), connections.length);
        long start = System.nanoTime();
        return connections[index].send(writer, reader).whenComplete((result, failure) -> {
            if (failure == null || unwrap(failure) instanceof ServerErrorException) {
                consecutiveFailures.set(0);
                latencyMicros.recordValue(Math.min(MAX_TRACKED_MICROS, (System.nanoTime() - start) / 1000));
            } else if (isTransportFailure(failure)) {
                consecutiveFailures.incrementAndGet();
            }
        });
    }

    /** A copy of the round-trip latencies recorded so far, in microseconds. */
    public Histogram latencies() {
        return latencyMicros.copy();
    }

    @Override
    public void close() {
        for (NodeConnection connection : connections) {
            connection.close();
        }
    }

    /** Whether a failure means the node could not be reached or did not answer (so another replica should try). */
    public static boolean isTransportFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RequestTimeoutException
                || (cause instanceof RingcacheException && !(cause instanceof ServerErrorException));
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
