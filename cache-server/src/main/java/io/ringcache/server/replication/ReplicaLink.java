package io.ringcache.server.replication;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ReplicationCodec;
import io.ringcache.server.peer.FlushBatch;
import io.ringcache.server.peer.PeerChannels;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's connection to one peer node, carrying the writes this loop coordinates to that replica. Records
 * are batched into REPLICATE frames, sealed when large or when the loop finishes a read, and kept until the peer
 * acknowledges them, so that after a dropped connection the link reconnects and sends them again (replicas ignore
 * what they already hold). Unacknowledged frames are bounded: past {@link #MAX_UNACKED_BYTES} the oldest are dropped
 * and counted, the waiters on them told, and the peer's gap opened at the first dropped record, for a partial sync
 * from the backlog later. Each acknowledgement names the peer's incarnation, which tells a pause from a restart.
 *
 * <p>Frames go to the socket only while the channel is writable; the rest wait in {@code unsent} until Netty says it
 * drained, so a slow replica holds at most the unacknowledged bound in memory, never an unbounded outbound buffer.
 * Frame numbers wrap around, so they are compared by their difference.
 *
 * <p>Runs entirely on its event loop, the same one as the client connections that feed it, so it needs no locking.
 */
final class ReplicaLink implements FlushBatch.Link {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaLink.class);
    /** A frame is sealed once this large. */
    static final int FRAME_BYTES = 256 * 1024;
    /** Bytes of frames kept for a peer that has not acknowledged them. */
    static final long MAX_UNACKED_BYTES = 16L * 1024 * 1024;
    /** Spare frame holders kept: more than a link has in flight in steady state, and all a drained backlog leaves. */
    private static final int SPARE_HOLDERS = 256;
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1000;

    /**
     * A sealed frame not yet acknowledged, and the backlog offset of its first record. Mutable so that the link can
     * reuse it for a later frame once this one is acknowledged or dropped: one per frame would be garbage in
     * steady state.
     */
    private static final class Sent {
        private int seq;
        private ByteBuf frame;
        private long firstOffset;
    }

    private final Forwarder owner;
    private final String peerId;
    private final String host;
    private final int port;
    /** Frames written to the current connection, oldest first, awaiting acknowledgement. */
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    /** Sealed frames not yet written to a connection, oldest first; all newer than those in flight. */
    private ArrayDeque<Sent> unsent = new ArrayDeque<>();
    /** Waiters on frames not yet acknowledged, oldest first: the frame's number, and the key of the waiter's write. */
    private final WaiterQueue waiters = new WaiterQueue();
    /** Holders of frames that are gone, for the next frames to use; at most {@link #SPARE_HOLDERS}. */
    private final ArrayDeque<Sent> spare = new ArrayDeque<>();
    private long unackedBytes;
    private ByteBuf open;
    private int openFrame;
    private int openCount;
    private long openFirstOffset;
    private int nextSeq = 1;
    private Channel channel;
    private boolean connecting;
    private boolean failing;
    private boolean closed;
    private long backoffMs = MIN_BACKOFF_MS;

    ReplicaLink(Forwarder owner, String peerId, String host, int port) {
        this.owner = owner;
        this.peerId = peerId;
        this.host = host;
        this.port = port;
    }

    String peerId() {
        return peerId;
    }

    boolean sameAddress(String otherHost, int otherPort) {
        return host.equals(otherHost) && port == otherPort;
    }

    /**
     * Adds a record (the readable bytes of {@code record}, at backlog offset {@code offset}) to the open frame,
     * opening one if needed, and seals the frame when it is full.
     */
    void append(ByteBuf record, long offset, long epoch) {
        if (open == null) {
            open = owner.alloc().ioBuffer(Math.min(FRAME_BYTES, 64 + record.readableBytes()));
            openFrame = ReplicationCodec.begin(open, nextSeq, epoch, owner.senderId());
            openCount = 0;
            openFirstOffset = offset;
        }
        open.writeBytes(record, record.readerIndex(), record.readableBytes());
        openCount++;
        owner.markDirty(this);
        if (open.readableBytes() >= FRAME_BYTES || openCount == ReplicationCodec.MAX_RECORDS) {
            seal();
        }
    }

    /** Makes {@code waiter} hear whether the peer acknowledges the record just added, for key {@code item}. */
    void await(AckWaiter waiter, int item) {
        waiter.registered();
        if (failing) {
            waiter.failed(item);
        } else {
            waiters.add(waiter, open == null ? nextSeq - 1 : nextSeq, item);
        }
    }

    /** Seals the open frame and sends what is sealed; called when the loop's read batch is done. */
    @Override
    public void flush() {
        seal();
        if (channel != null && channel.isActive()) {
            writeUnsent();
        } else {
            connect();
        }
    }

    /** Writes sealed frames while the channel takes them, and flushes. */
    private void writeUnsent() {
        boolean wrote = false;
        while (!unsent.isEmpty() && channel.isWritable()) {
            Sent sent = unsent.poll();
            inFlight.add(sent);
            channel.write(sent.frame.retainedDuplicate(), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void seal() {
        if (open == null) {
            return;
        }
        ReplicationCodec.finish(open, openFrame, openCount);
        Sent sent = spare.isEmpty() ? new Sent() : spare.poll();
        sent.seq = nextSeq++;
        sent.frame = open;
        sent.firstOffset = openFirstOffset;
        open = null;
        unsent.add(sent);
        unackedBytes += sent.frame.readableBytes();
        owner.metrics().recordsForwarded(openCount);
        while (unackedBytes > MAX_UNACKED_BYTES && inFlight.size() + unsent.size() > 1) {
            Sent dropped = inFlight.isEmpty() ? unsent.poll() : inFlight.poll();
            unackedBytes -= dropped.frame.readableBytes();
            owner.metrics().framesDropped(1);
            LOG.warn("replication to {} is {} bytes behind; dropped a frame of {} bytes (that replica may now miss "
                    + "writes until its ranges are synced again)", peerId, unackedBytes,
                    dropped.frame.readableBytes());
            owner.gaps().open(peerId, dropped.firstOffset);
            settleWaitersUpTo(dropped.seq, false);
            release(dropped);
        }
    }

    private void connect() {
        if (connecting || closed || channel != null && channel.isActive()) {
            return;
        }
        connecting = true;
        ChannelFuture future = PeerChannels.connect(owner.loop(), owner.socketChannel(), host, port,
                new AckReader());
        future.addListener(done -> {
            connecting = false;
            if (!done.isSuccess()) {
                connectionLost("connect failed: " + done.cause().getMessage());
                return;
            }
            channel = future.channel();
            if (closed) {
                channel.close();
                return;
            }
            failing = false;
            backoffMs = MIN_BACKOFF_MS;
            channel.closeFuture().addListener(f -> connectionLost("connection closed"));
            writeUnsent();
        });
    }

    private void connectionLost(String why) {
        channel = null;
        if (closed) {
            return;
        }
        if (!inFlight.isEmpty()) {
            inFlight.addAll(unsent);
            unsent = new ArrayDeque<>(inFlight);
            inFlight.clear();
        }
        if (!failing) {
            LOG.info("replication link to {} ({}:{}) down: {}; retrying", peerId, host, port, why);
        }
        failing = true;
        settleWaitersUpTo(nextSeq, false);
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        owner.loop().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void acknowledged(int seq, short status, long incarnation) {
        if (incarnation != 0) {
            owner.gaps().heardFrom(peerId, incarnation);
        }
        while (!inFlight.isEmpty() && inFlight.peek().seq - seq <= 0) {
            Sent sent = inFlight.poll();
            if (status != Status.OK && sent.seq == seq) {
                owner.metrics().framesRefused(1);
                LOG.warn("replica {} refused a replication frame: {}; its records go to it again with the next "
                        + "sync", peerId, Status.name(status));
                owner.gaps().open(peerId, sent.firstOffset);
            }
            unackedBytes -= sent.frame.readableBytes();
            release(sent);
        }
        settleWaitersUpTo(seq, status == Status.OK);
    }

    /**
     * Tells the waiters on frames up to {@code seq} (all of them when it is the next frame's number) that their keys
     * were acknowledged, or else that they failed. Each entry leaves the queue before its waiter hears, since the
     * waiter may answer its client.
     */
    private void settleWaitersUpTo(int seq, boolean acknowledged) {
        while (!waiters.isEmpty() && (int) waiters.headFirst() - seq <= 0) {
            AckWaiter waiter = waiters.headWaiter();
            int item = (int) waiters.headSecond();
            waiters.removeHead();
            if (acknowledged) {
                waiter.acked(item);
            } else {
                waiter.failed(item);
            }
        }
    }

    /** Frees a frame that is acknowledged or dropped, keeping its holder for a later frame. */
    private void release(Sent sent) {
        sent.frame.release();
        sent.frame = null;
        if (spare.size() < SPARE_HOLDERS) {
            spare.add(sent);
        }
    }

    /** Drops everything and closes the connection: the peer left the cluster or the node stops. */
    void close() {
        closed = true;
        if (open != null) {
            owner.gaps().open(peerId, openFirstOffset);
            open.release();
            open = null;
        }
        for (ArrayDeque<Sent> frames : List.of(inFlight, unsent)) {
            for (Sent sent : frames) {
                owner.gaps().open(peerId, sent.firstOffset);
                sent.frame.release();
            }
            frames.clear();
        }
        spare.clear();
        unackedBytes = 0;
        settleWaitersUpTo(nextSeq, false);
        if (channel != null) {
            channel.close();
        }
    }

    /** Reads the peer's acknowledgements. */
    private final class AckReader extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            int at = frame.readerIndex();
            short status = FrameHeader.status(frame, at);
            boolean carriesIncarnation = status == Status.OK && FrameHeader.bodyLength(frame, at) == Long.BYTES;
            acknowledged(FrameHeader.requestId(frame, at), status,
                    carriesIncarnation ? frame.getLong(at + FrameHeader.HEADER_LENGTH) : 0);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel && channel.isWritable()) {
                writeUnsent();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("replication link to {} failed: {}", peerId, cause.getMessage());
            ctx.close();
        }
    }
}
