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
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.NodeReport;
import io.ringcache.protocol.codec.RequestDecoder;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.protocol.codec.TopologyCodec;
import io.ringcache.protocol.netty.OversizedRequest;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.NodeTopology;
import io.ringcache.server.store.EntryReader;
import io.ringcache.server.store.Store;
import io.ringcache.server.store.StoreStats;
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
    private final RequestDecoder request = new RequestDecoder();
    private final BufferViews views = new BufferViews();
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private final StoreStats storeStats = new StoreStats();
    private final int[] replicas = new int[Topology.MAX_REPLICATION_FACTOR];

    private ByteBuf out;
    private boolean counted;
    private long now;
    private boolean answeringBatchItem;
    /** The node's epoch when the current request started: every answer carries it. */
    private long epoch;

    RequestHandler(Store store, NodeTopology topology, EpochClock clock, NodeMetrics metrics, int maxConnections) {
        this.store = store;
        this.topology = topology;
        this.clock = clock;
        this.metrics = metrics;
        this.maxConnections = maxConnections;
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
        if (out != null && out.isReadable()) {
            ctx.write(out, ctx.voidPromise());
            out = null;
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
        short status = request.wrap(frame, frame.readerIndex());
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
        if (request.epoch() < epoch && !ownsEveryKey(frame)) {
            metrics.errors.increment();
            ResponseEncoder.error(out, request.opcode(), Status.NOT_OWNER, request.requestId(), epoch,
                    "this node does not own the key at topology epoch " + epoch + " (the request was routed by epoch "
                            + request.epoch() + "); refresh the topology");
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
                answerHeartbeat();
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
            ResponseEncoder.empty(out, Opcode.GET, Status.NOT_FOUND, request.requestId(), epoch);
        }
    }

    private void set(ByteBuf frame) {
        metrics.sets.increment();
        long result = putCurrentItem(frame);
        int id = request.requestId();
        if (result > 0) {
            int at = ResponseEncoder.begin(out, Opcode.SET, Status.OK, id, epoch);
            ResponseEncoder.version(out, result);
            FrameHeader.finish(out, at);
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
        boolean existed = Store.deleteFoundLive(store.delete(keyView, 0, request.keyLength()));
        ResponseEncoder.empty(out, Opcode.DELETE, existed ? Status.OK : Status.NOT_FOUND, request.requestId(), epoch);
    }

    private void touch(ByteBuf frame) {
        metrics.touches.increment();
        views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
        boolean found = store.touch(keyView, 0, request.keyLength(), expiresAt(request.ttlMs())) > 0;
        ResponseEncoder.empty(out, Opcode.TOUCH, found ? Status.OK : Status.NOT_FOUND, request.requestId(), epoch);
    }

    private void multiGet(ByteBuf frame) {
        metrics.batches.increment();
        int count = request.count();
        int at = ResponseEncoder.begin(out, Opcode.MGET, Status.OK, request.requestId(), epoch);
        ResponseEncoder.count(out, count);
        now = clock.time();
        answeringBatchItem = true;
        for (int i = 0; i < count; i++) {
            request.nextItem();
            metrics.gets.increment();
            views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
            if (!store.get(keyView, 0, request.keyLength(), this)) {
                ResponseEncoder.itemStatus(out, Status.NOT_FOUND);
            }
            if (out.writerIndex() - at - FrameHeader.HEADER_LENGTH > Limits.MAX_RESPONSE_BODY) {
                out.writerIndex(at);
                metrics.errors.increment();
                ResponseEncoder.error(out, Opcode.MGET, Status.TOO_LARGE, request.requestId(), epoch,
                        "MGET answer would be over " + Limits.MAX_RESPONSE_BODY + " bytes; ask for fewer keys");
                return;
            }
        }
        FrameHeader.finish(out, at);
    }

    private void multiSet(ByteBuf frame) {
        metrics.batches.increment();
        int count = request.count();
        int at = ResponseEncoder.begin(out, Opcode.MSET, Status.OK, request.requestId(), epoch);
        ResponseEncoder.count(out, count);
        for (int i = 0; i < count; i++) {
            request.nextItem();
            metrics.sets.increment();
            long result = putCurrentItem(frame);
            ResponseEncoder.itemStatus(out, result > 0 ? Status.OK : Status.OUT_OF_MEMORY);
            ResponseEncoder.version(out, Math.max(0, result));
        }
        FrameHeader.finish(out, at);
    }

    private void multiDelete(ByteBuf frame) {
        metrics.batches.increment();
        int count = request.count();
        int at = ResponseEncoder.begin(out, Opcode.MDELETE, Status.OK, request.requestId(), epoch);
        ResponseEncoder.count(out, count);
        for (int i = 0; i < count; i++) {
            request.nextItem();
            metrics.deletes.increment();
            views.wrap(keyView, frame, request.keyOffset(), request.keyLength());
            boolean existed = Store.deleteFoundLive(store.delete(keyView, 0, request.keyLength()));
            ResponseEncoder.itemStatus(out, existed ? Status.OK : Status.NOT_FOUND);
        }
        FrameHeader.finish(out, at);
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
        return !topology.refuses(request.epoch(), KeyHash.hash(keyView, 0, request.keyLength()), replicas);
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

    private void answerHeartbeat() {
        metrics.lastHeartbeatMs = System.currentTimeMillis();
        store.stats(storeStats);
        int at = ResponseEncoder.begin(out, Opcode.HEARTBEAT, Status.OK, request.requestId(), epoch);
        new NodeReport(topology.nodeId(), epoch, storeStats.items, storeStats.usedMemory, storeStats.maxMemory,
                metrics.operations(), 0, java.util.List.of()).write(out);
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
        return store.put(keyView, 0, request.keyLength(), valueView, 0, request.valueLength(), request.flags(),
                expiresAt(request.ttlMs()), request.casVersion());
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
