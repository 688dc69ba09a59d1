package io.ringcache.server.replication;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.ringcache.protocol.codec.ReplicationCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The node's replication: one {@link Forwarder} per event loop, created on first use, and what they share (the
 * node's id and incarnation, the channel type, the replication timeout, the backlog of recent writes, the peers'
 * gaps, the counters).
 */
public final class Replication implements AutoCloseable {
    /** This node's id, encoded once for the REPLICATE frames of every link. */
    private final byte[] senderId;
    private final Class<? extends SocketChannel> socketChannel;
    private final long timeoutMs;
    private final ReplicationMetrics metrics = new ReplicationMetrics();
    private final Map<EventLoop, Forwarder> forwarders = new ConcurrentHashMap<>();
    private final ReplicationBacklog backlog;
    private final PeerGaps gaps = new PeerGaps();
    private final long incarnation = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

    public Replication(String selfId, Class<? extends SocketChannel> socketChannel, long timeoutMs,
            int backlogBytes) {
        this.senderId = ReplicationCodec.senderId(selfId);
        this.socketChannel = socketChannel;
        this.timeoutMs = timeoutMs;
        this.backlog = new ReplicationBacklog(backlogBytes);
    }

    /** This process's lifetime id: a peer that sees it change knows this node restarted with an empty store. */
    public long incarnation() {
        return incarnation;
    }

    public ReplicationBacklog backlog() {
        return backlog;
    }

    public PeerGaps gaps() {
        return gaps;
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

    byte[] senderId() {
        return senderId;
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
