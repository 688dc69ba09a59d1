package io.ringcache.server.fill;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.ringcache.server.NodeTopology;
import io.ringcache.server.store.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.concurrent.EpochClock;

/**
 * The node's lazy fill, the last fallback of recovery: for a while after the node becomes UP again, a read that
 * finds nothing here asks the key's other holders and keeps what they hold. One {@link Filler} per event loop,
 * created on first use, and what they share: the {@link FillWindow}, the store, how long a lookup may wait, and the
 * counters STATS shows.
 */
public final class LazyFill implements AutoCloseable {
    private final FillWindow window;
    private final Store store;
    private final EpochClock clock;
    private final long timeoutMs;
    private final Class<? extends SocketChannel> socketChannel;
    private final Map<EventLoop, Filler> fillers = new ConcurrentHashMap<>();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder hits = new LongAdder();

    /**
     * Fills for {@code windowMs} after each flip to UP that {@code topology} adopts (0: never), each lookup waiting
     * at most {@code timeoutMs} for the peers.
     */
    public LazyFill(NodeTopology topology, Store store, EpochClock clock, long windowMs, long timeoutMs,
            Class<? extends SocketChannel> socketChannel) {
        this.window = new FillWindow(topology, clock, windowMs);
        this.store = store;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        this.socketChannel = socketChannel;
    }

    /** The filler of {@code loop}; call from that loop only and use it there only. */
    public Filler filler(EventLoop loop) {
        return fillers.computeIfAbsent(loop, l -> new Filler(this, l));
    }

    /** Keys looked up at peers. */
    public long lookups() {
        return lookups.sum();
    }

    /** Lookups answered with a value a peer held. */
    public long hits() {
        return hits.sum();
    }

    FillWindow window() {
        return window;
    }

    Store store() {
        return store;
    }

    EpochClock clock() {
        return clock;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    void lookedUp() {
        lookups.increment();
    }

    void hit() {
        hits.increment();
    }

    /** Closes every filler's peer connections, each on its own loop; call before the event loops shut down. */
    @Override
    public void close() {
        for (Filler filler : fillers.values()) {
            filler.loop().execute(filler::close);
        }
    }
}
