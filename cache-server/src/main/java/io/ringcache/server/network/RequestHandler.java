package io.ringcache.server.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.ProtocolException;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.WriteConsistency;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.NodeReport;
import io.ringcache.protocol.codec.ReplicationCodec;
import io.ringcache.protocol.codec.RequestDecoder;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.protocol.codec.TopologyCodec;
import io.ringcache.protocol.netty.OversizedRequest;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.BufferViews;
import io.ringcache.server.NodeTopology;
import io.ringcache.server.Placement;
import io.ringcache.server.fill.Filler;
import io.ringcache.server.fill.LazyFill;
import io.ringcache.server.fill.PendingRead;
import io.ringcache.server.replication.AckWaiter;
import io.ringcache.server.replication.Forwarder;
import io.ringcache.server.replication.Replication;
import io.ringcache.server.store.EntryReader;
import io.ringcache.server.store.Store;
import io.ringcache.server.store.StoreStats;
import io.ringcache.server.transfer.RangeMover;
import java.io.IOException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one connection's requests on the event loop that read them and queues the answers.
 *
 * <p>Answers to all the frames of one socket read are appended to one pooled buffer and written and flushed once
 * when the read completes, so pipelined requests cost one syscall. When the peer stops reading its answers the
 * handler stops reading its requests until the socket drains. One instance per connection: the flyweight and views
 * it reuses make GET and SET allocation-free.
 *
 * <p>The node that receives a write coordinates it: it applies the write, then forwards it, with the version the
 * store stamped, to the key's other holders through this loop's {@link Forwarder}. A write at consistency ONE is
 * answered at once; at QUORUM or ALL its answer waits in an {@link AckWaiter} for the replicas' acknowledgements.
 * REPLICATE requests from peers are applied where they are newer than what the store holds.
 *
 * <p>For a while after the node becomes UP again ({@link LazyFill}), a read that misses is looked up at the key's
 * peers by this loop's {@link Filler}, and its answer waits in a {@link PendingRead}.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter implements EntryReader {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final int WRITE_THRESHOLD = 64 * 1024;
    private static final int INITIAL_OUT = 4096;

    private final Store store;
    private final NodeTopology topology;
    private final EpochClock clock;
    private final NodeMetrics metrics;
    private final int maxConnections;
    private final Replication replication;
    private final RangeMover mover;
    private final LazyFill lazyFill;
    private final ReplicationCodec records = new ReplicationCodec();
    private final int[] targets = new int[Placement.MAX_HOLDERS];
    private final RequestDecoder request = new RequestDecoder();
    private final BufferViews views = new BufferViews();
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private final StoreStats storeStats = new StoreStats();
    private final int[] replicas = new int[Topology.MAX_REPLICATION_FACTOR];

    private ChannelHandlerContext ctx;
    private Forwarder forwarder;
    private Filler filler;
    private int frameStart;
    private long lastExpiresAt;
    private ByteBuf out;
    private boolean counted;
    private long now;
    private boolean answeringBatchItem;
    /** The node's epoch when the current request started: every answer carries it. */
    private long epoch;

    RequestHandler(Store store, NodeTopology topology, EpochClock clock, NodeMetrics metrics, int maxConnections,
            Replication replication, RangeMover mover, LazyFill lazyFill) {
        this.store = store;
        this.topology = topology;
        this.clock = clock;
        this.metrics = metrics;
        this.maxConnections = maxConnections;
        this.replication = replication;
        this.mover = mover;
        this.lazyFill = lazyFill;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.forwarder = replication.forwarder(ctx.channel().eventLoop());
        this.filler = lazyFill.filler(ctx.channel().eventLoop());
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        metrics.totalConnections.increment();
        if (metrics.currentConnections.incrementAndGet() > maxConnections) {
            metrics.rejectedConnections.increment();
            LOG.warn("refusing connection from {}: {} connections are open (max-connections)",
                    ctx.channel().remoteAddress(), maxConnections);
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            metrics.currentConnections.decrementAndGet();
            counted = false;
        }
        releaseOut();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseOut();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (out == null) {
                out = ctx.alloc().ioBuffer(INITIAL_OUT);
            }
            if (msg instanceof ByteBuf) {
                handle((ByteBuf) msg);
            } else if (msg instanceof OversizedRequest) {
                refuseOversized((OversizedRequest) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (out.readableBytes() >= WRITE_THRESHOLD) {
            ctx.write(out, ctx.voidPromise());
            out = null;
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
                ctx.flush();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        forwarder.flushSoon();
        if (out != null && out.isReadable()) {
            ctx.write(out, ctx.voidPromise());
            out = null;
        } else {
            // a read that needed no answer (REPLICATE frames): hold no buffer between reads, so a connection whose
            // event loop stops before its pipeline is torn down leaves nothing behind
            releaseOut();
        }
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            LOG.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn("closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** Writes a found entry's answer: a whole GET response, or an MGET item. */
    @Override
    public void read(int flags, long expiresAtMs, long version, DirectBuffer value, int valueOffset, int valueLength) {
        long ttl = expiresAtMs == Store.NO_EXPIRY ? ResponseEncoder.NO_TTL : Math.max(1, expiresAtMs - now);
        if (answeringBatchItem) {
            ResponseEncoder.itemStatus(out, Status.OK);
            ResponseEncoder.valueHeader(out, flags, ttl, version, valueLength);
            views.append(out, value, valueOffset, valueLength);
        } else {
            int frame = ResponseEncoder.begin(out, Opcode.GET, Status.OK, request.requestId(), epoch);
            ResponseEncoder.valueHeader(out, flags, ttl, version, valueLength);
            views.append(out, value, valueOffset, valueLength);
            FrameHeader.finish(out, frame);
        }
    }

    private void handle(ByteBuf frame) {
        epoch = topology.epoch();
        frameStart = frame.readerIndex();
        short status = request.wrap(frame, frameStart);
        if (status != Status.OK) {
            metrics.errors.increment();
            ResponseEncoder.error(out, request.opcode(), status, request.requestId(), epoch, request.errorMessage());
            return;
        }
        int mark = out.writerIndex();
        try {
            execute(frame);
        } catch (RuntimeException e) {
            LOG.error("{} request failed", Opcode.name(request.opcode()), e);
            metrics.errors.increment();
            out.writerIndex(mark);
            ResponseEncoder.error(out, request.opcode(), Status.INTERNAL, request.requestId(), epoch,
                    "internal error: " + e);
        }
    }

    private void execute(ByteBuf frame) {
        if (topology.checksOwnership(request.epoch()) && !peerRead(frame) && !ownsEveryKey(frame)) {
            metrics.errors.increment();
            ResponseEncoder.error(out, request.opcode(), Status.NOT_OWNER, request.requestId(), epoch, epoch == 0
                    ? "this node has not received the cluster's topology yet; refresh the topology"
                    : "this node does not own the key at topology epoch " + epoch + " (the request was routed by "
                            + "epoch " + request.epoch() + "); refresh the topology");
            return;
        }
        switch (request.opcode()) {
            case Opcode.GET:
                get(frame);
                break;
            case Opcode.SET:
                set(frame);
                break;
            case Opcode.DELETE:
                delete(frame);
                break;
            case Opcode.TOUCH:
                touch(frame);
                break;
            case Opcode.MGET:
                multiGet(frame);
                break;
            case Opcode.MSET:
                multiSet(frame);
                break;
            case Opcode.MDELETE:
                multiDelete(frame);
                break;
            case Opcode.PING:
                ResponseEncoder.empty(out, Opcode.PING, Status.OK, request.requestId(), epoch);
                break;
            case Opcode.STATS:
                stats();
                break;
            case Opcode.TOPOLOGY:
                answerTopology();
                break;
            case Opcode.TOPOLOGY_PUSH:
                adoptTopology(frame);
                break;
            case Opcode.HEARTBEAT:
                answerHeartbeat(frame);
                break;
            case Opcode.REPLICATE:
                applyReplicated(frame);
                break;
            case Opcode.REGISTER:
            case Opcode.ADMIN:
            case Opcode.MANAGER_PING:
                metrics.errors.increment();
                ResponseEncoder.error(out, request.opcode(), Status.BAD_REQUEST, request.requestId(), epoch,
                        Opcode.name(request.opcode()) + " is for a cluster manager, and this is a cache node");
                break;
            default:
                throw new IllegalStateException("validated opcode without a handler: " + request.opcode());
        }
    }

    private void get(ByteBuf frame) {
        metrics.gets.increment();
        now = clock.time();
        answeringBatchItem = false;
        views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
        if (!store.get(keyView, 0, request.keyLength(), this)) {
            if (now < filler.fillingUntil() && deferGet(frame)) {
                return;
            }
            if (versionedMiss(frame)) {
                int at = ResponseEncoder.begin(out, Opcode.GET, Status.NOT_FOUND, request.requestId(), epoch);
                ResponseEncoder.version(out, store.tombstoneVersion(keyView, 0, request.keyLength()));
                FrameHeader.finish(out, at);
            } else {
                ResponseEncoder.empty(out, Opcode.GET, Status.NOT_FOUND, request.requestId(), epoch);
            }
        }
    }

    /** Holds back the answer to a GET that missed while the node fills, and looks the key up at its peers. */
    private boolean deferGet(ByteBuf frame) {
        if (peerRead(frame) || !filler.wants(keyView, request.keyLength())) {
            return false;
        }
        PendingRead read = filler.read(ctx, request.requestId(), epoch, versionedMiss(frame), 1);
        filler.ask(read, keyView, request.keyLength(), 0);
        read.arm();
        return true;
    }

    private void set(ByteBuf frame) {
        metrics.sets.increment();
        long result = putCurrentItem(frame);
        int id = request.requestId();
        if (result > 0) {
            if (!forward(frame, ReplicationCodec.SET, result, lastExpiresAt, Status.OK, 1, 0, null)) {
                int at = ResponseEncoder.begin(out, Opcode.SET, Status.OK, id, epoch);
                ResponseEncoder.version(out, result);
                FrameHeader.finish(out, at);
            }
        } else if (result == Store.PUT_NOT_FOUND) {
            ResponseEncoder.empty(out, Opcode.SET, Status.NOT_FOUND, id, epoch);
        } else if (result == Store.PUT_VERSION_MISMATCH) {
            ResponseEncoder.empty(out, Opcode.SET, Status.VERSION_MISMATCH, id, epoch);
        } else {
            metrics.errors.increment();
            ResponseEncoder.error(out, Opcode.SET, Status.OUT_OF_MEMORY, id, epoch, tooLargeForMemory());
        }
    }

    private void delete(ByteBuf frame) {
        metrics.deletes.increment();
        views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
        long result = store.delete(keyView, 0, request.keyLength());
        short status = Store.deleteFoundLive(result) ? Status.OK : Status.NOT_FOUND;
        if (!forward(frame, ReplicationCodec.TOMBSTONE, Store.deletedVersion(result), Store.NO_EXPIRY, status, 1, 0,
                null)) {
            ResponseEncoder.empty(out, Opcode.DELETE, status, request.requestId(), epoch);
        }
    }

    private void touch(ByteBuf frame) {
        metrics.touches.increment();
        views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
        long expiresAt = expiresAt(request.ttlMs());
        long version = store.touch(keyView, 0, request.keyLength(), expiresAt);
        if (version <= 0 || !forward(frame, ReplicationCodec.TOUCH, version, expiresAt, Status.OK, 1, 0, null)) {
            ResponseEncoder.empty(out, Opcode.TOUCH, version > 0 ? Status.OK : Status.NOT_FOUND, request.requestId(),
                    epoch);
        }
    }

    private void multiGet(ByteBuf frame) {
        metrics.batches.increment();
        int count = request.count();
        boolean versioned = versionedMiss(frame);
        int at = ResponseEncoder.begin(out, Opcode.MGET, Status.OK, request.requestId(), epoch);
        ResponseEncoder.count(out, count);
        now = clock.time();
        answeringBatchItem = true;
        boolean filling = now < filler.fillingUntil() && !peerRead(frame);
        PendingRead held = null;
        for (int i = 0; i < count; i++) {
            request.nextItem();
            metrics.gets.increment();
            views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
            if (!store.get(keyView, 0, request.keyLength(), this)) {
                int item = out.writerIndex() - at;
                ResponseEncoder.itemStatus(out, Status.NOT_FOUND);
                if (versioned) {
                    ResponseEncoder.version(out, store.tombstoneVersion(keyView, 0, request.keyLength()));
                }
                if (filling && filler.wants(keyView, request.keyLength())) {
                    held = held != null ? held : filler.read(ctx, request.requestId(), epoch, versioned, count - i);
                    filler.ask(held, keyView, request.keyLength(), item);
                }
            }
            if (out.writerIndex() - at - FrameHeader.HEADER_LENGTH > Limits.MAX_RESPONSE_BODY) {
                if (held != null) {
                    held.cancel();
                }
                out.writerIndex(at);
                metrics.errors.increment();
                ResponseEncoder.error(out, Opcode.MGET, Status.TOO_LARGE, request.requestId(), epoch,
                        "MGET answer would be over " + Limits.MAX_RESPONSE_BODY + " bytes; ask for fewer keys");
                return;
            }
        }
        if (held != null) {
            held.arm(out, at);
        } else {
            FrameHeader.finish(out, at);
        }
    }

    private void multiSet(ByteBuf frame) {
        metrics.batches.increment();
        int count = request.count();
        AckWaiter waiter = newWaiter(frame, count);
        int at = -1;
        if (waiter == null) {
            at = ResponseEncoder.begin(out, Opcode.MSET, Status.OK, request.requestId(), epoch);
            ResponseEncoder.count(out, count);
        }
        for (int i = 0; i < count; i++) {
            request.nextItem();
            metrics.sets.increment();
            long result = putCurrentItem(frame);
            short status = result > 0 ? Status.OK : Status.OUT_OF_MEMORY;
            if (result > 0) {
                forward(frame, ReplicationCodec.SET, result, lastExpiresAt, status, count, i, waiter);
            } else if (waiter != null) {
                waiter.expect(i, status, 0, false, 1, 0);
            }
            if (waiter == null) {
                ResponseEncoder.itemStatus(out, status);
                ResponseEncoder.version(out, Math.max(0, result));
            }
        }
        finishBatch(waiter, at);
    }

    private void multiDelete(ByteBuf frame) {
        metrics.batches.increment();
        int count = request.count();
        AckWaiter waiter = newWaiter(frame, count);
        int at = -1;
        if (waiter == null) {
            at = ResponseEncoder.begin(out, Opcode.MDELETE, Status.OK, request.requestId(), epoch);
            ResponseEncoder.count(out, count);
        }
        for (int i = 0; i < count; i++) {
            request.nextItem();
            metrics.deletes.increment();
            views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
            long result = store.delete(keyView, 0, request.keyLength());
            short status = Store.deleteFoundLive(result) ? Status.OK : Status.NOT_FOUND;
            forward(frame, ReplicationCodec.TOMBSTONE, Store.deletedVersion(result), Store.NO_EXPIRY, status, count,
                    i, waiter);
            if (waiter == null) {
                ResponseEncoder.itemStatus(out, status);
            }
        }
        finishBatch(waiter, at);
    }

    private void finishBatch(AckWaiter waiter, int at) {
        if (waiter == null) {
            FrameHeader.finish(out, at);
        } else {
            waiter.arm();
        }
    }

    /** A waiter for a batch write whose consistency level needs acknowledgements, else null. */
    private AckWaiter newWaiter(ByteBuf frame, int items) {
        if (WriteConsistency.ofFlags(FrameHeader.flags(frame, frameStart)) == WriteConsistency.ONE) {
            return null;
        }
        return forwarder.waiters().take(ctx, request.opcode(), request.requestId(), epoch, items);
    }

    /**
     * Forwards the write of the current key (already applied here, and wrapped in {@code keyView}) to its other
     * holders. For a single-key request ({@code batchWaiter} null, {@code items} 1) it returns whether a waiter took
     * the answer (false: the caller answers now); the waiter may have answered already and gone back to its pool, so
     * it is not handed out. In a batch it registers key {@code item} with {@code batchWaiter} (when there is one).
     */
    private boolean forward(ByteBuf frame, byte kind, long version, long expiresAtMs, short status, int items,
            int item, AckWaiter batchWaiter) {
        int keyLength = request.keyLength();
        // the topology as it is now that the write is applied: had the node adopted a newer one before the write,
        // the range mover might already have scanned past the key, so the write must reach the new holders itself
        Placement now = topology.placement();
        long keyHash = KeyHash.hash(keyView, 0, keyLength);
        int pendingOnly = version > 0 ? now.pendingOnlyHolders(keyHash, targets, replicas) : 0;
        int count = version > 0 ? now.writeTargets(keyHash, targets, replicas) : 0;
        WriteConsistency level = WriteConsistency.ofFlags(FrameHeader.flags(frame, frameStart));
        int needed = level.copiesNeeded(now.quorumBase(), count, pendingOnly);
        AckWaiter waiter = batchWaiter;
        if (waiter == null && items == 1 && needed > 1) {
            waiter = forwarder.waiters().take(ctx, request.opcode(), request.requestId(), epoch, 1);
        }
        if (waiter != null) {
            waiter.expect(item, status, version, version > 0, needed, count);
        }
        if (version > 0 && now.hasPeers()) {
            // into the backlog even when no other holder is live, so a holder coming back can replay it
            boolean hasValue = kind == ReplicationCodec.SET;
            forwarder.forward(kind, now, targets, count, frame, request.keyOffset(), keyLength,
                    hasValue ? request.valueOffset() : 0, hasValue ? request.valueLength() : 0,
                    hasValue ? request.flags() : 0, expiresAtMs, version, waiter, item);
        }
        if (waiter != null && batchWaiter == null) {
            waiter.arm();
        }
        return waiter != null;
    }

    /** Applies a peer's REPLICATE records where newer than what the store holds; the answer names this incarnation. */
    private void applyReplicated(ByteBuf frame) {
        String malformed = records.wrap(frame, request.bodyOffset(), request.bodyLength());
        if (malformed != null) {
            metrics.errors.increment();
            ResponseEncoder.error(out, Opcode.REPLICATE, Status.BAD_REQUEST, request.requestId(), epoch, malformed);
            return;
        }
        int applied = 0;
        int stale = 0;
        int refused = 0;
        while (records.next()) {
            views.wrap(keyView, frame, records.keyOffset(), records.keyLength());
            boolean took;
            if (records.kind() == ReplicationCodec.SET) {
                views.wrap(valueView, frame, records.valueOffset(), records.valueLength());
                long result = store.apply(keyView, 0, records.keyLength(), valueView, 0, records.valueLength(),
                        records.flags(), records.expiresAtMs(), records.version());
                took = result == Store.APPLIED;
                refused += result == Store.PUT_TOO_LARGE ? 1 : 0;
            } else if (records.kind() == ReplicationCodec.TOMBSTONE) {
                took = store.applyTombstone(keyView, 0, records.keyLength(), records.version(),
                        records.expiresAtMs()) == Store.APPLIED;
            } else {
                took = store.applyTouch(keyView, 0, records.keyLength(), records.version(), records.expiresAtMs());
            }
            if (took) {
                applied++;
            } else {
                stale++;
            }
        }
        replication.metrics().recordsReceived(applied, stale);
        if (refused > 0) {
            metrics.errors.increment();
            ResponseEncoder.error(out, Opcode.REPLICATE, Status.OUT_OF_MEMORY, request.requestId(), epoch, refused
                    + " SET records could not be stored within this node's max-memory");
            return;
        }
        int at = ResponseEncoder.begin(out, Opcode.REPLICATE, Status.OK, request.requestId(), epoch);
        ResponseEncoder.version(out, replication.incarnation());
        FrameHeader.finish(out, at);
    }

    /** A peer's read for its lazy fill: served from what this node holds, never refused, never filled in turn. */
    private boolean peerRead(ByteBuf frame) {
        return (FrameHeader.flags(frame, frameStart) & FrameHeader.FLAG_PEER_READ) != 0
                && (request.opcode() == Opcode.GET || request.opcode() == Opcode.MGET);
    }

    private boolean versionedMiss(ByteBuf frame) {
        return (FrameHeader.flags(frame, frameStart) & FrameHeader.FLAG_VERSIONED_MISS) != 0;
    }

    /** Whether this node holds every key of the request under its own (newer) topology. */
    private boolean ownsEveryKey(ByteBuf frame) {
        switch (request.opcode()) {
            case Opcode.GET:
            case Opcode.SET:
            case Opcode.DELETE:
            case Opcode.TOUCH:
                return owns(frame);
            case Opcode.MGET:
            case Opcode.MSET:
            case Opcode.MDELETE:
                boolean ownsAll = true;
                for (int i = 0; i < request.count() && ownsAll; i++) {
                    request.nextItem();
                    ownsAll = owns(frame);
                }
                request.rewindItems();
                return ownsAll;
            default:
                return true;
        }
    }

    private boolean owns(ByteBuf frame) {
        views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
        boolean read = request.opcode() == Opcode.GET || request.opcode() == Opcode.MGET;
        return !topology.refuses(request.epoch(), KeyHash.hash(keyView, 0, request.keyLength()), read, replicas);
    }

    private void answerTopology() {
        int at = ResponseEncoder.begin(out, Opcode.TOPOLOGY, Status.OK, request.requestId(), epoch);
        TopologyCodec.write(out, topology.topology());
        FrameHeader.finish(out, at);
    }

    private void adoptTopology(ByteBuf frame) {
        Topology pushed;
        try {
            pushed = TopologyCodec.read(frame.slice(request.bodyOffset(), request.bodyLength()));
        } catch (ProtocolException e) {
            metrics.errors.increment();
            ResponseEncoder.error(out, Opcode.TOPOLOGY_PUSH, Status.BAD_REQUEST, request.requestId(), epoch,
                    e.getMessage());
            return;
        }
        topology.offer(pushed);
        ResponseEncoder.empty(out, Opcode.TOPOLOGY_PUSH, Status.OK, request.requestId(), topology.epoch());
    }

    private void answerHeartbeat(ByteBuf frame) {
        metrics.lastHeartbeatMs = System.currentTimeMillis();
        boolean paused = request.bodyLength() > 0
                && (frame.getByte(request.bodyOffset()) & RequestEncoder.HEARTBEAT_TRANSFERS_PAUSED) != 0;
        mover.pause(paused);
        store.stats(storeStats);
        int at = ResponseEncoder.begin(out, Opcode.HEARTBEAT, Status.OK, request.requestId(), epoch);
        new NodeReport(topology.nodeId(), epoch, storeStats.items, storeStats.usedMemory, storeStats.maxMemory,
                metrics.operations(), mover.syncedEpoch(), mover.progress()).write(out);
        FrameHeader.finish(out, at);
    }

    private void stats() {
        store.stats(storeStats);
        int at = ResponseEncoder.begin(out, Opcode.STATS, Status.OK, request.requestId(), epoch);
        int countAt = out.writerIndex();
        ResponseEncoder.count(out, 0);
        int count = 0;
        count += stat("used_memory", storeStats.usedMemory);
        count += stat("max_memory", storeStats.maxMemory);
        count += stat("index_memory", storeStats.indexMemory);
        count += stat("live_bytes", storeStats.liveBytes);
        count += stat("items", storeStats.items);
        count += stat("hits", storeStats.hits);
        count += stat("misses", storeStats.misses);
        count += stat("evictions", storeStats.evictions);
        count += stat("expirations", storeStats.expirations);
        count += stat("cmd_get", metrics.gets.sum());
        count += stat("cmd_set", metrics.sets.sum());
        count += stat("cmd_delete", metrics.deletes.sum());
        count += stat("cmd_touch", metrics.touches.sum());
        count += stat("cmd_batch", metrics.batches.sum());
        count += stat("errors", metrics.errors.sum());
        count += stat("curr_connections", metrics.currentConnections.get());
        count += stat("total_connections", metrics.totalConnections.sum());
        count += stat("rejected_connections", metrics.rejectedConnections.sum());
        count += stat("uptime_seconds", metrics.uptimeSeconds());
        count += stat("tombstones", storeStats.tombstones);
        count += stat("expiring", storeStats.expiring);
        count += stat("repl_forwarded", replication.metrics().forwarded());
        count += stat("repl_applied", replication.metrics().applied());
        count += stat("repl_stale", replication.metrics().stale());
        count += stat("repl_dropped_frames", replication.metrics().dropped());
        count += stat("repl_unavailable", replication.metrics().unavailableWrites());
        count += stat("transfer_synced_epoch", mover.syncedEpoch());
        count += stat("transfer_partial_syncs", mover.partialSyncs());
        count += stat("transfer_full_syncs", mover.fullSyncs());
        count += stat("lazy_fill_lookups", lazyFill.lookups());
        count += stat("lazy_fill_hits", lazyFill.hits());
        count += stat("epoch", epoch);
        out.setShort(countAt, count);
        FrameHeader.finish(out, at);
    }

    private int stat(String name, long value) {
        ResponseEncoder.stat(out, name, value);
        return 1;
    }

    private long putCurrentItem(ByteBuf frame) {
        views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
        views.wrap(valueView, frame, request.valueOffset(), request.valueLength());
        lastExpiresAt = expiresAt(request.ttlMs());
        return store.put(keyView, 0, request.keyLength(), valueView, 0, request.valueLength(), request.flags(),
                lastExpiresAt, request.casVersion());
    }

    private long expiresAt(long ttlMs) {
        return ttlMs == 0 ? Store.NO_EXPIRY : clock.time() + ttlMs;
    }

    private String tooLargeForMemory() {
        return "an entry with a " + request.keyLength() + "-byte key and a " + request.valueLength()
                + "-byte value cannot fit within this node's max-memory";
    }

    private void refuseOversized(OversizedRequest oversized) {
        epoch = topology.epoch();
        metrics.errors.increment();
        String opcode = Opcode.isKnown(oversized.opcode()) ? Opcode.name(oversized.opcode())
                : "opcode 0x" + Integer.toHexString(oversized.opcode() & 0xFF);
        ResponseEncoder.error(out, oversized.opcode(), Status.TOO_LARGE, oversized.requestId(), epoch,
                opcode + " body of " + oversized.bodyLength() + " bytes is over the " + oversized.limit()
                        + "-byte limit (keys up to " + Limits.MAX_KEY_LENGTH + " bytes, values up to "
                        + Limits.MAX_VALUE_LENGTH + " bytes, batches up to " + Limits.MAX_BATCH_KEYS + " keys)");
    }

    private void releaseOut() {
        if (out != null) {
            out.release();
            out = null;
        }
    }
}
