package io.ringcache.server.replication;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's replication: one {@link Forwarder} per event loop, created on first use, and what they share (the
 * node's id, the channel type, the replication timeout, the counters).
 */
public final class Replication implements AutoCloseable {
    private final String selfId;
    private final Class<? extends SocketChannel> socketChannel;
    private final long timeoutMs;
    private final ReplicationMetrics metrics = new ReplicationMetrics();
    private final Map<EventLoop, Forwarder> forwarders = new ConcurrentHashMap<>();

    public Replication(String selfId, Class<? extends SocketChannel> socketChannel, long timeoutMs) {
        this.selfId = selfId;
        this.socketChannel = socketChannel;
        this.timeoutMs = timeoutMs;
    }

    /** The forwarder of {@code loop}; call from that loop only and use it there only. */
    public Forwarder forwarder(EventLoop loop) {
        return forwarders.computeIfAbsent(loop, l -> new Forwarder(this, l));
    }

    /** How long a QUORUM or ALL write waits for acknowledgements. */
    public long timeoutMs() {
        return timeoutMs;
    }

    public ReplicationMetrics metrics() {
        return metrics;
    }

    String selfId() {
        return selfId;
    }

    Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    /** Closes every link, each on its own loop; call before the event loops shut down. */
    @Override
    public void close() {
        for (Forwarder forwarder : forwarders.values()) {
            forwarder.loop().execute(forwarder::close);
        }
    }
}
