package io.ringcache.server.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.netty.FrameDecoder;
import io.ringcache.server.NodeTopology;
import io.ringcache.server.eviction.LruPolicy;
import io.ringcache.server.fill.LazyFill;
import io.ringcache.server.replication.Replication;
import io.ringcache.server.replication.ReplicationBacklog;
import io.ringcache.server.store.OffHeapStore;
import io.ringcache.server.store.StoreStats;
import io.ringcache.server.transfer.RangeMover;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's hot path allocates nothing on the heap: GET and SET frames pushed through the real frame decoder and
 * request handler, answers read back, and the thread's allocated bytes counted across many requests in steady state.
 * GETs that miss are measured too: outside a lazy-fill window a miss costs a field compare, nothing more.
 */
class RequestHandlerAllocationTest {
    private static final int KEYS = 1_000;
    private static final int WARM_ROUNDS = 200;
    private static final int ROUNDS = 50;

    private OffHeapStore store;
    private EmbeddedChannel channel;
    private ByteBuf sets;
    private ByteBuf gets;
    private ByteBuf misses;

    private ResourceLeakDetector.Level leakDetection;

    /** Leak detection records every buffer access (paranoid in tests): off here, or it is all this would measure. */
    @BeforeEach
    void setUp() {
        leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        store = new OffHeapStore(64L << 20, SystemEpochClock.INSTANCE, new LruPolicy(), 5);
        NodeTopology topology = new NodeTopology("n1");
        Replication replication = new Replication("n1", NioSocketChannel.class, 500, ReplicationBacklog.DEFAULT_BYTES);
        channel = new EmbeddedChannel(FrameDecoder.forRequests(),
                new RequestHandler(store, topology, SystemEpochClock.INSTANCE, new NodeMetrics(), 16,
                        replication, new RangeMover(store, topology, replication, 0),
                        new LazyFill(topology, store, SystemEpochClock.INSTANCE, 60_000, 500, NioSocketChannel.class)));
        sets = PooledByteBufAllocator.DEFAULT.directBuffer();
        gets = PooledByteBufAllocator.DEFAULT.directBuffer();
        misses = PooledByteBufAllocator.DEFAULT.directBuffer();
        byte[] value = new byte[1024];
        for (int i = 0; i < KEYS; i++) {
            byte[] key = String.format("key-%096d", i).getBytes(StandardCharsets.US_ASCII);
            RequestEncoder.set(sets, i, 0, key, value, 0, 60_000, 0);
            RequestEncoder.get(gets, i, 0, key);
            RequestEncoder.get(misses, i, 0, String.format("absent-%096d", i).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @AfterEach
    void tearDown() {
        sets.release();
        gets.release();
        misses.release();
        channel.finishAndReleaseAll();
        store.close();
        ResourceLeakDetector.setLevel(leakDetection);
    }

    /** Feeds all frames of {@code frames} as one socket read and drains the answers; returns the answer count. */
    private int round(ByteBuf frames) {
        frames.retain();
        frames.readerIndex(0);
        channel.pipeline().fireChannelRead(frames);
        channel.pipeline().fireChannelReadComplete();
        int answers = 0;
        for (Object answer = channel.readOutbound(); answer != null; answer = channel.readOutbound()) {
            answers += ((ByteBuf) answer).readableBytes() > 0 ? 1 : 0;
            ((ByteBuf) answer).release();
        }
        return answers;
    }

    /**
     * Runs on a {@link FastThreadLocalThread}, as Netty's event loops do: Netty recycles its pooled buffer objects
     * (such as the frame slices the decoder passes on) only on such threads.
     */
    @Test
    void getSetAndMiss_allocateNothingPerRequest_inSteadyState() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = new FastThreadLocalThread(() -> {
            try {
                measure();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        loop.start();
        loop.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    private void measure() {
        for (int warm = 0; warm < WARM_ROUNDS; warm++) {
            round(sets);
            round(gets);
            round(misses);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        int answered = 0;
        for (int r = 0; r < ROUNDS; r++) {
            answered += round(sets);
            answered += round(gets);
            answered += round(misses);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        long requests = 3L * ROUNDS * KEYS;
        assertTrue(answered > 0);
        StoreStats stats = store.stats(new StoreStats());
        assertEquals((WARM_ROUNDS + ROUNDS) * (long) KEYS, stats.hits);
        assertEquals((WARM_ROUNDS + ROUNDS) * (long) KEYS, stats.misses);
        assertTrue(allocated < requests, allocated + " bytes allocated over " + requests + " requests: not below"
                + " 1 byte per request");
    }
}
