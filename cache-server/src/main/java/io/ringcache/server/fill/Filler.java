package io.ringcache.server.fill;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.BufferViews;
import io.ringcache.server.Placement;
import io.ringcache.server.peer.FlushBatch;
import io.ringcache.server.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One event loop's side of lazy fill: decides whether a miss is worth a lookup, asks the key's peers over one
 * {@link FillLink} per peer (kept while the window lasts, so lookups share connections and pooled buffers), applies
 * what they answer to the store, and bounds the lookups in flight. Only ever used from its own event loop, like the
 * connections whose reads it fills.
 */
public final class Filler {
    /** Lookups in flight at once on one event loop; a miss beyond them is answered at once. */
    static final int MAX_LOOKUPS = 256;

    private final LazyFill fill;
    private final EventLoop loop;
    private final Store store;
    private final Map<String, FillLink> links = new HashMap<>();
    private final FlushBatch dirty;
    private final NodeInfo[] peers = new NodeInfo[2 * Placement.MAX_HOLDERS];
    /** The links the last {@link #wants} chose for the key, used by the {@link #ask} that follows it. */
    private final FillLink[] chosen = new FillLink[2 * Placement.MAX_HOLDERS];
    private final int[] holders = new int[Placement.MAX_HOLDERS];
    private final int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];
    private final BufferViews views = new BufferViews();
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer valueView = new UnsafeBuffer(0, 0);
    private final AnswerWriter answers;
    private final Runnable cleanupTask = this::cleanup;
    private int chosenCount;
    private int inFlight;
    private boolean cleanupScheduled;
    private boolean closed;

    Filler(LazyFill fill, EventLoop loop) {
        this.fill = fill;
        this.loop = loop;
        this.store = fill.store();
        this.answers = new AnswerWriter(store, fill.clock(), views);
        this.dirty = new FlushBatch(loop);
    }

    /** Until when (epoch ms) misses may be filled; the only thing a read outside the window looks at. */
    public long fillingUntil() {
        return fill.window().until();
    }

    /**
     * Whether a miss on {@code key[0, keyLength)} should be looked up: lookups are not at their bound, the store
     * holds no tombstone of the key, this node serves it, and at least one of its peers can be asked now. When it
     * answers true, the next {@link #ask} asks those peers.
     */
    public boolean wants(DirectBuffer key, int keyLength) {
        if (closed || inFlight >= MAX_LOOKUPS || store.tombstoneVersion(key, 0, keyLength) != 0) {
            return false;
        }
        int count = fill.window().peers(KeyHash.hash(key, 0, keyLength), peers, holders, scratch);
        long now = fill.clock().time();
        chosenCount = 0;
        for (int i = 0; i < count; i++) {
            FillLink link = link(peers[i]);
            if (link.usable(now)) {
                chosen[chosenCount++] = link;
            }
        }
        return chosenCount > 0;
    }

    /**
     * A held-back answer to the GET or MGET {@code requestId} on {@code ctx}, for up to {@code capacity} keys looked
     * up; {@code versioned} when the request asked for versioned misses.
     */
    public PendingRead read(ChannelHandlerContext ctx, int requestId, long epoch, boolean versioned, int capacity) {
        return new PendingRead(this, ctx, requestId, epoch, versioned, capacity);
    }

    /**
     * Looks {@code key[0, keyLength)} up for {@code read} at the peers the last {@link #wants} chose; in an MGET
     * answer, {@code placeholderAt} is where its miss item was written.
     */
    public void ask(PendingRead read, DirectBuffer key, int keyLength, int placeholderAt) {
        byte[] copy = new byte[keyLength];
        key.getBytes(0, copy);
        int item = read.add(copy, placeholderAt, chosenCount);
        inFlight++;
        fill.lookedUp();
        for (int i = 0; i < chosenCount; i++) {
            chosen[i].ask(read, item, copy, read.epoch());
        }
        if (!cleanupScheduled) {
            cleanupScheduled = true;
            loop.schedule(cleanupTask, closeDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A peer's answer to the lookup of {@code read}'s key {@code item}: a value or a tombstone is applied to the
     * store as replicated records are, so that it takes over only from an older version; anything else counts as
     * no answer.
     */
    void received(PendingRead read, int item, ByteBuf frame) {
        if (read.isDone()) {
            return;
        }
        int at = frame.readerIndex();
        int bodyLength = FrameHeader.bodyLength(frame, at);
        int body = at + FrameHeader.HEADER_LENGTH;
        short status = FrameHeader.status(frame, at);
        byte[] key = read.key(item);
        keyView.wrap(key);
        if (status == Status.OK && bodyLength >= ResponseEncoder.VALUE_HEADER_LENGTH) {
            long ttl = frame.getLong(body + 4);
            long version = frame.getLong(body + 12);
            int valueLength = frame.getInt(body + 20);
            if (version > 0 && (ttl > 0 || ttl == ResponseEncoder.NO_TTL)
                    && valueLength == bodyLength - ResponseEncoder.VALUE_HEADER_LENGTH) {
                long expiresAt = ttl == ResponseEncoder.NO_TTL ? Store.NO_EXPIRY : fill.clock().time() + ttl;
                views.wrap(valueView, frame, body + ResponseEncoder.VALUE_HEADER_LENGTH, valueLength);
                if (store.apply(keyView, 0, key.length, valueView, 0, valueLength, frame.getInt(body), expiresAt,
                        version) == Store.APPLIED) {
                    read.installed(item);
                }
            }
        } else if (status == Status.NOT_FOUND && bodyLength == Long.BYTES && frame.getLong(body) > 0) {
            store.applyTombstone(keyView, 0, key.length, frame.getLong(body), Store.NO_EXPIRY);
        }
        read.answered(item);
    }

    /** Stops waiting on the peers that still owe {@code read} an answer: its timeout passed. */
    void peersLate(PendingRead read) {
        List<FillLink> late = new ArrayList<>();
        for (FillLink link : links.values()) {
            if (link.owes(read)) {
                late.add(link);
            }
        }
        for (FillLink link : late) {
            link.down("no answer within " + fill.timeoutMs() + " ms");
        }
    }

    void lookupEnded() {
        inFlight--;
    }

    void hit() {
        fill.hit();
    }

    /** Notes that {@code link} has requests to flush, and flushes them once this loop round is over. */
    void markDirty(FillLink link) {
        dirty.add(link);
        dirty.flushSoon();
    }

    /** Once the window has passed, closes the peer connections; while it lasts, looks again later. */
    private void cleanup() {
        if (fill.clock().time() < fillingUntil() || inFlight > 0) {
            loop.schedule(cleanupTask, closeDelayMs(), TimeUnit.MILLISECONDS);
            return;
        }
        cleanupScheduled = false;
        closeLinks();
    }

    private long closeDelayMs() {
        return Math.max(0, fillingUntil() - fill.clock().time()) + fill.timeoutMs();
    }

    private FillLink link(NodeInfo peer) {
        FillLink link = links.get(peer.id());
        if (link == null || !link.sameAddress(peer.host(), peer.port())) {
            if (link != null) {
                link.close();
            }
            link = new FillLink(this, peer.id(), peer.host(), peer.port());
            links.put(peer.id(), link);
        }
        return link;
    }

    private void closeLinks() {
        for (FillLink link : new ArrayList<>(links.values())) {
            link.close();
        }
        links.clear();
        dirty.clear();
    }

    /** Closes every peer connection; the node is stopping. */
    void close() {
        closed = true;
        closeLinks();
    }

    AnswerWriter answers() {
        return answers;
    }

    EventLoop loop() {
        return loop;
    }

    long timeoutMs() {
        return fill.timeoutMs();
    }

    long now() {
        return fill.clock().time();
    }

    ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    Class<? extends SocketChannel> socketChannel() {
        return fill.socketChannel();
    }
}
