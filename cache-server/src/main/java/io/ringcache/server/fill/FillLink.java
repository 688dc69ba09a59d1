package io.ringcache.server.fill;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.server.peer.FlushBatch;
import io.ringcache.server.peer.PeerChannels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's connection to one peer for lazy fill. Sends each lookup as a GET with the versioned-miss and
 * peer-read flags (the peer answers from whatever it holds, with the version of a tombstone on a miss, and never
 * NOT_OWNER) and hands the answer, matched by request id, to the read that asked. A peer that cannot be reached,
 * drops the connection or lets a lookup time out is not asked for {@link #BACKOFF_MS}, and what it owed counts as
 * no answer: a dead peer then costs a read nothing, a silent one at most one timeout per backoff.
 *
 * <p>Runs entirely on its event loop, so it needs no locking.
 */
final class FillLink implements FlushBatch.Link {
    private static final Logger LOG = LoggerFactory.getLogger(FillLink.class);
    /** How long a peer that failed is not asked. */
    static final long BACKOFF_MS = 1000;
    private static final byte LOOKUP_FLAGS = FrameHeader.FLAG_VERSIONED_MISS | FrameHeader.FLAG_PEER_READ;

    /** A lookup sent and not answered yet: key {@code item} of {@code read}. */
    private record Asked(PendingRead read, int item) {
    }

    private final Filler owner;
    private final String peerId;
    private final String host;
    private final int port;
    private final Int2ObjectHashMap<Asked> asked = new Int2ObjectHashMap<>();
    /** Requests made while the connection is being opened. */
    private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>();
    private Channel channel;
    private boolean connecting;
    private boolean closed;
    private long downUntil;
    private int nextId;

    FillLink(Filler owner, String peerId, String host, int port) {
        this.owner = owner;
        this.peerId = peerId;
        this.host = host;
        this.port = port;
    }

    boolean sameAddress(String otherHost, int otherPort) {
        return host.equals(otherHost) && port == otherPort;
    }

    /** Whether the peer may be asked at {@code now}: it has not failed within the backoff. */
    boolean usable(long now) {
        return !closed && now >= downUntil;
    }

    /** Asks the peer for {@code key}, on behalf of key {@code item} of {@code read}. */
    void ask(PendingRead read, int item, byte[] key, long epoch) {
        int id = nextId++;
        asked.put(id, new Asked(read, item));
        ByteBuf request = owner.alloc().ioBuffer(FrameHeader.HEADER_LENGTH + Short.BYTES + key.length);
        RequestEncoder.get(request, id, epoch, key);
        FrameHeader.flags(request, 0, LOOKUP_FLAGS);
        if (channel != null && channel.isActive()) {
            channel.write(request, channel.voidPromise());
            owner.markDirty(this);
        } else {
            queued.add(request);
            connect();
        }
    }

    @Override
    public void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    /** Whether a lookup of {@code read} still waits for this peer's answer. */
    boolean owes(PendingRead read) {
        for (Asked lookup : asked.values()) {
            if (lookup.read() == read) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives the peer up for {@link #BACKOFF_MS}: closes the connection, drops the requests not sent, and counts every
     * lookup it owes as not answered.
     */
    void down(String why) {
        if (!closed && owner.now() >= downUntil) {
            LOG.debug("lazy fill link to {} ({}:{}) down for {} ms: {}", peerId, host, port, BACKOFF_MS, why);
        }
        downUntil = owner.now() + BACKOFF_MS;
        Channel lost = channel;
        channel = null;
        while (!queued.isEmpty()) {
            queued.poll().release();
        }
        List<Asked> unanswered = new ArrayList<>(asked.values());
        asked.clear();
        for (Asked lookup : unanswered) {
            lookup.read().answered(lookup.item());
        }
        if (lost != null) {
            lost.close();
        }
    }

    /** Closes the connection for good: the window has passed, the peer moved, or the node stops. */
    void close() {
        closed = true;
        down("closed");
    }

    private void connect() {
        if (connecting || closed) {
            return;
        }
        connecting = true;
        ChannelFuture future = PeerChannels.connect(owner.loop(), owner.socketChannel(), host, port,
                new AnswerReader());
        future.addListener(done -> {
            connecting = false;
            if (!done.isSuccess()) {
                down("connect failed: " + done.cause().getMessage());
                return;
            }
            Channel opened = future.channel();
            if (closed) {
                opened.close();
                return;
            }
            channel = opened;
            opened.closeFuture().addListener(f -> {
                if (channel == opened) {
                    down("connection closed");
                }
            });
            while (!queued.isEmpty()) {
                opened.write(queued.poll(), opened.voidPromise());
            }
            opened.flush();
        });
    }

    /** Reads the peer's answers and hands each to the lookup that asked. */
    private final class AnswerReader extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Asked lookup = asked.remove(FrameHeader.requestId(frame, frame.readerIndex()));
            if (lookup != null) {
                owner.received(lookup.read(), lookup.item(), frame);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("lazy fill link to {} failed: {}", peerId, cause.getMessage());
            ctx.close();
        }
    }
}
