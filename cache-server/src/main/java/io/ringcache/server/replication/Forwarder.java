package io.ringcache.server.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.ringcache.protocol.codec.ReplicationCodec;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.server.Placement;
import io.ringcache.server.peer.FlushBatch;
import java.util.HashMap;
import java.util.Map;

/**
 * One event loop's side of replication: forwards the writes its connections coordinate to the keys' other holders,
 * over one {@link ReplicaLink} per peer. Links are looked up by node index of the current {@link Placement}, an
 * array rebuilt when the topology changes, so forwarding a write allocates nothing beyond the batched frames. Only
 * ever used from its own event loop.
 */
public final class Forwarder {
    private final Replication replication;
    private final EventLoop loop;
    private final Map<String, ReplicaLink> linksById = new HashMap<>();
    private final FlushBatch dirty;
    private final AckWaiters waiters;
    /** The record being forwarded, built once and copied into the backlog and each target's frame. */
    private final ByteBuf record = Unpooled.buffer(1024);
    private boolean closed;
    private Placement placement;
    private ReplicaLink[] linksByIndex = new ReplicaLink[0];

    Forwarder(Replication replication, EventLoop loop) {
        this.replication = replication;
        this.loop = loop;
        this.dirty = new FlushBatch(loop);
        this.waiters = new AckWaiters(replication, loop);
    }

    /** The loop's QUORUM and ALL waiters: take one for each write whose answer waits for acknowledgements. */
    public AckWaiters waiters() {
        return waiters;
    }

    /**
     * Forwards a write to {@code targets[0, count)} (node indexes of {@code at}; none once the node is stopping) and
     * records it in the backlog: a
     * SET with its key and value, or a TOMBSTONE or TOUCH with its key only ({@code valueLength} 0), copied from
     * {@code source}. When {@code waiter} is given, it hears each target's acknowledgement for key {@code item}.
     */
    public void forward(byte kind, Placement at, int[] targets, int count, ByteBuf source, int keyOffset,
            int keyLength, int valueOffset, int valueLength, int flags, long expiresAtMs, long version,
            AckWaiter waiter, int item) {
        record.clear();
        ReplicationCodec.recordHeader(record, kind, version, expiresAtMs, flags, keyLength, valueLength);
        record.writeBytes(source, keyOffset, keyLength);
        record.writeBytes(source, valueOffset, valueLength);
        long offset = replication.backlog().append(record);
        if (closed) {
            return;
        }
        for (int i = 0; i < count; i++) {
            ReplicaLink link = link(at, targets[i]);
            link.append(record, offset, at.epoch());
            if (waiter != null) {
                link.await(waiter, item);
            }
        }
    }

    /**
     * Asks for everything forwarded so far to be sent once the loop has read what its sockets have for it now:
     * called at the end of each client connection's read batch, so the writes of all the loop's connections in one
     * round share one frame per replica.
     */
    public void flushSoon() {
        dirty.flushSoon();
    }

    void markDirty(ReplicaLink link) {
        dirty.add(link);
    }

    private ReplicaLink link(Placement at, int node) {
        if (at != placement) {
            relink(at);
        }
        return linksByIndex[node];
    }

    /**
     * Maps the placement's nodes to links, opening links to new peers and closing those to departed and DOWN ones
     * (what a closed link still held is left to a sync, so a dead peer holds no memory here).
     */
    private void relink(Placement at) {
        placement = at;
        linksByIndex = new ReplicaLink[at.topology().nodes().size()];
        Map<String, ReplicaLink> kept = new HashMap<>();
        for (int i = 0; i < linksByIndex.length; i++) {
            NodeInfo node = at.node(i);
            if (i == at.self() || node.state() == NodeState.DOWN) {
                continue;
            }
            ReplicaLink link = linksById.remove(node.id());
            if (link == null || !link.sameAddress(node.host(), node.port())) {
                if (link != null) {
                    link.close();
                }
                link = new ReplicaLink(this, node.id(), node.host(), node.port());
            }
            kept.put(node.id(), link);
            linksByIndex[i] = link;
        }
        for (ReplicaLink departed : linksById.values()) {
            dirty.remove(departed);
            departed.close();
        }
        linksById.clear();
        linksById.putAll(kept);
    }

    /** Closes every link; the node is stopping. */
    void close() {
        closed = true;
        for (ReplicaLink link : linksById.values()) {
            link.close();
        }
        linksById.clear();
        dirty.clear();
        waiters.close();
    }

    EventLoop loop() {
        return loop;
    }

    ByteBufAllocator alloc() {
        return replication.alloc();
    }

    byte[] senderId() {
        return replication.senderId();
    }

    Class<? extends SocketChannel> socketChannel() {
        return replication.socketChannel();
    }

    ReplicationMetrics metrics() {
        return replication.metrics();
    }

    PeerGaps gaps() {
        return replication.gaps();
    }
}
