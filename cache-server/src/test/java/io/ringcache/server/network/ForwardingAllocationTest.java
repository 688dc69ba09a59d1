package io.ringcache.server.network;

import static io.ringcache.server.network.LoopbackNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.WriteConsistency;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forwarding a write to a replica allocates nothing per write in steady state, on either node, at ONE and at QUORUM:
 * two real in-process nodes at RF 2, SETs in small pipelined batches (each batch one socket read, so each REPLICATE
 * frame carries a few records and per-frame garbage shows), and the bytes allocated by the I/O threads of both nodes
 * counted in windows of 40,000 writes after a warm-up of 200,000. Per-frame objects (a holder per sealed frame, a
 * boxed incarnation per acknowledgement, an unpooled slice per acknowledgement read) once cost 12 B per write at ONE;
 * a waiter, its timeout task and a registration per replica once cost 328 B per write at QUORUM. The QUORUM run lasts
 * longer than the replication timeout, so waiters are reused while the deadlines of their earlier writes pass, and
 * every answer must still be OK.
 */
class ForwardingAllocationTest {
    private static final int KEYS = 1_000;
    private static final int BATCH = 8;
    private static final int WARM_BATCHES = 25_000;
    private static final int MEASURED_BATCHES = 5_000;
    /**
     * Measured windows: the best counts. Garbage made per write shows in every window; a one-off (the buffer pool
     * growing a chunk, a deque doubling) lands in one window and once cost 108 KB there.
     */
    private static final int WINDOWS = 3;

    private final LoopbackNodes cluster = new LoopbackNodes();
    private ResourceLeakDetector.Level leakDetection;

    /** Leak detection records every buffer access (paranoid in tests): off here, or it is all this would measure. */
    @BeforeEach
    void setUp() {
        leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }

    @AfterEach
    void tearDown() throws IOException {
        cluster.close();
        ResourceLeakDetector.setLevel(leakDetection);
    }

    private CacheNode start(String id) throws InterruptedException {
        return cluster.start(new NodeContext().nodeId(id).port(0).maxMemory(64L << 20).ioThreads(1)
                .transferRate(0));
    }

    @ParameterizedTest
    @EnumSource(value = WriteConsistency.class, names = {"ONE", "QUORUM"})
    void forwardedWrites_allocateNothingPerWrite_onEitherNode(WriteConsistency level) throws Exception {
        Set<Long> earlierIoThreads = ioThreadIds();
        CacheNode coordinator = start("n1");
        CacheNode replica = start("n2");
        Topology topology = new Topology(1, List.<NodeInfo>of(info(coordinator, NodeState.UP),
                info(replica, NodeState.UP)), 2, Topology.DEFAULT_VNODES);
        coordinator.topology().offer(topology);
        replica.topology().offer(topology);
        byte[][] batches = batches(level);
        RawConnection connection = cluster.connect(coordinator);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        for (int i = 0; i < WARM_BATCHES; i++) {
            write(connection, batches[i % batches.length]);
        }
        awaitReplica(replica, WARM_BATCHES);
        Set<Long> ours = ioThreadIds();
        ours.removeAll(earlierIoThreads);
        assertEquals(2, ours.size(), "one I/O thread per node");
        long[] ioThreads = ours.stream().mapToLong(Long::longValue).toArray();
        long fewest = Long.MAX_VALUE;
        int sent = WARM_BATCHES;
        for (int window = 0; window < WINDOWS; window++) {
            long before = allocated(threads, ioThreads);
            for (int i = 0; i < MEASURED_BATCHES; i++) {
                write(connection, batches[i % batches.length]);
            }
            sent += MEASURED_BATCHES;
            awaitReplica(replica, sent);
            fewest = Math.min(fewest, allocated(threads, ioThreads) - before);
        }

        long writes = (long) MEASURED_BATCHES * BATCH;
        assertEquals((long) sent * BATCH, coordinator.replication().metrics().forwarded(), "every write was forwarded");
        assertTrue(fewest < writes, fewest + " bytes allocated by the nodes' I/O threads over " + writes
                + " forwarded writes, in the best of " + WINDOWS + " windows: not below 1 byte per write");
    }

    /** Waits until the replica has received the writes of {@code batches} batches (and so acknowledged them). */
    private static void awaitReplica(CacheNode replica, int batches) throws InterruptedException {
        long writes = (long) batches * BATCH;
        LoopbackNodes.await("the replica received " + writes + " writes", () -> replica.replication().metrics()
                .applied() + replica.replication().metrics().stale() == writes);
    }

    /** One batch of SETs, sent as one write, and its answers read back: all OK. */
    private static void write(RawConnection connection, byte[] batch) throws IOException {
        connection.send(batch);
        for (int i = 0; i < BATCH; i++) {
            assertEquals(Status.OK, connection.readFrame().status());
        }
    }

    private static byte[][] batches(WriteConsistency level) {
        byte[] value = new byte[1024];
        byte[][] batches = new byte[KEYS / BATCH][];
        for (int b = 0; b < batches.length; b++) {
            int first = b * BATCH;
            batches[b] = RawConnection.frame(out -> encodeSets(out, first, value, level));
        }
        return batches;
    }

    private static void encodeSets(ByteBuf out, int first, byte[] value, WriteConsistency level) {
        for (int k = first; k < first + BATCH; k++) {
            byte[] key = String.format("key-%096d", k).getBytes(StandardCharsets.US_ASCII);
            int frame = out.writerIndex();
            RequestEncoder.set(out, k, 1, key, value, 0, 0, 0);
            FrameHeader.flags(out, frame, level.flags());
        }
    }

    /** The node I/O threads alive in this JVM: those of this test's nodes, and any an earlier test left ending. */
    private static Set<Long> ioThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("ringcache-io"))
                .map(Thread::getId)
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** What the threads have allocated so far; each must still be alive. */
    private static long allocated(ThreadMXBean threads, long[] ids) {
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            assertTrue(bytes >= 0, "an I/O thread ended during the measurement");
            total += bytes;
        }
        return total;
    }
}
