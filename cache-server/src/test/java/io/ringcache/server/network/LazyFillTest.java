package io.ringcache.server.network;

import static io.ringcache.server.network.LoopbackNodes.await;
import static io.ringcache.server.network.LoopbackNodes.bytes;
import static io.ringcache.server.network.LoopbackNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ReplicationCodec;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.codec.ResponseDecoder;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import io.ringcache.server.Placement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lazy fill between real in-process nodes on loopback: after n4 comes back from RECOVERING to UP, a read that finds
 * nothing on n4 asks the key's other replica and the stand-in that served for n4, keeps the newest version they
 * hold, and answers with it; outside the window, or when the peers fail, a miss stays a plain miss.
 *
 * <p>Every key a test reads is one n4 serves after the flip, with a stand-in: on four nodes at rf 2 the key's other
 * replica is {@code other}, and while n4 recovered the key's second replica was {@code standIn}. Keys are put on
 * peers with REPLICATE frames after every move has finished, so only lazy fill can bring them to n4.
 */
class LazyFillTest {
    private static final long WINDOW_MS = 60_000;
    /** Versions of writes made a minute ago, older than anything a node stamps now. */
    private static final long OLD_VERSION = (System.currentTimeMillis() - 60_000) << 16;

    private final LoopbackNodes cluster = new LoopbackNodes();
    private final Set<String> usedKeys = new HashSet<>();
    private Topology recovering;
    private Topology flipped;

    /** A key n4 serves after the flip, with its other replica and the stand-in that served it while n4 was away. */
    private record Key(String name, CacheNode other, CacheNode standIn) {
        byte[] bytes() {
            return LoopbackNodes.bytes(name);
        }
    }

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    private CacheNode start(String id, long windowMs, EpochClock clock) throws InterruptedException {
        return cluster.start(new NodeContext().nodeId(id).port(0).maxMemory(32L << 20).ioThreads(2)
                .replicationTimeoutMs(300).transferRate(0).lazyFillWindowMs(windowMs).clock(clock));
    }

    /**
     * Starts n1..n4 (n4 with {@code clock}), all UP at epoch 1, n4 RECOVERING at 2, all UP at 3 (the flip), each
     * epoch's moves finished before the next; returns n4.
     */
    private CacheNode recoveredNode(long windowMs, EpochClock clock) throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            start("n" + i, windowMs, SystemEpochClock.INSTANCE);
        }
        CacheNode n4 = start("n4", windowMs, clock);
        recovering = topology(2, NodeState.RECOVERING);
        for (Topology topology : List.of(topology(1, NodeState.UP), recovering, topology(3, NodeState.UP))) {
            cluster.nodes.forEach(node -> node.topology().offer(topology));
            await("epoch " + topology.epoch() + " synced", () -> cluster.nodes.stream()
                    .allMatch(node -> node.mover().syncedEpoch() == topology.epoch()));
        }
        flipped = n4.topology().topology();
        return n4;
    }

    private Topology topology(long epoch, NodeState n4State) {
        List<NodeInfo> infos = new ArrayList<>();
        for (CacheNode node : cluster.nodes) {
            infos.add(info(node, node.context().nodeId().equals("n4") ? n4State : NodeState.UP));
        }
        return new Topology(epoch, infos, 2, Topology.DEFAULT_VNODES);
    }

    /** The next unused key that n4 serves after the flip, with its other replica and its stand-in. */
    private Key key() {
        Placement after = Placement.of(flipped, "n4");
        Placement before = Placement.of(recovering, "n4");
        int[] holders = new int[Placement.MAX_HOLDERS];
        int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];
        for (int i = 0; ; i++) {
            String name = "fill-" + i;
            long hash = KeyHash.hash(bytes(name));
            if (usedKeys.contains(name) || !after.serves(hash, scratch)) {
                continue;
            }
            List<String> now = ids(after, after.holders(hash, holders, scratch), holders);
            List<String> then = ids(before, before.holders(hash, holders, scratch), holders);
            String other = now.stream().filter(id -> !id.equals("n4")).findFirst().orElseThrow();
            String standIn = then.stream().filter(id -> !now.contains(id)).findFirst().orElse(null);
            if (standIn != null) {
                usedKeys.add(name);
                return new Key(name, node(other), node(standIn));
            }
        }
    }

    private static List<String> ids(Placement placement, int count, int[] holders) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(placement.node(holders[i]).id());
        }
        return ids;
    }

    private CacheNode node(String id) {
        return cluster.nodes.stream().filter(node -> node.context().nodeId().equals(id)).findFirst().orElseThrow();
    }

    /** Puts a record on {@code node} alone, as a peer's REPLICATE would: it is not forwarded anywhere. */
    private void put(CacheNode node, byte kind, Key key, String value, int flags, long expiresAtMs, long version)
            throws IOException {
        byte[] valueBytes = value == null ? new byte[0] : bytes(value);
        RawConnection connection = cluster.connect(node);
        connection.send(RawConnection.frame(out -> {
            int frame = ReplicationCodec.begin(out, 1, 3, ReplicationCodec.senderId("test"));
            ReplicationCodec.recordHeader(out, kind, version, expiresAtMs, flags, key.bytes().length,
                    valueBytes.length);
            out.writeBytes(key.bytes());
            out.writeBytes(valueBytes);
            ReplicationCodec.finish(out, frame, 1);
        }));
        assertEquals(Status.OK, connection.readFrame().status());
    }

    private static ResponseDecoder call(RawConnection connection, Consumer<ByteBuf> writer, int flags)
            throws IOException {
        connection.send(RawConnection.frame(out -> {
            writer.accept(out);
            FrameHeader.flags(out, 0, flags);
        }));
        return connection.readFrame();
    }

    private static ResponseDecoder get(RawConnection connection, Key key, int flags) throws IOException {
        return call(connection, out -> RequestEncoder.get(out, 1, 3, key.bytes()), flags);
    }

    private static ResponseDecoder mget(RawConnection connection, int flags, Key... keys) throws IOException {
        byte[][] names = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            names[i] = keys[i].bytes();
        }
        return call(connection, out -> RequestEncoder.mget(out, 2, 3, names, 0, names.length), flags);
    }

    private long stat(CacheNode node, String name) throws IOException {
        ResponseDecoder stats = call(cluster.connect(node), out -> RequestEncoder.stats(out, 3, 0), 0);
        int count = stats.readCount();
        for (int i = 0; i < count; i++) {
            stats.readStat();
            if (stats.statName().equals(name)) {
                return stats.statValue();
            }
        }
        throw new AssertionError("no " + name + " in STATS");
    }

    private static void assertValue(ResponseDecoder answer, String value, long version, int flags) {
        answer.readValueItem();
        assertEquals(value, new String(answer.copyValue(), StandardCharsets.UTF_8));
        assertEquals(version, answer.version(), "the copy keeps its version");
        assertEquals(flags, answer.flags(), "the copy keeps its flags");
    }

    @Test
    void missOnTheRecoveredNode_isFilledFromTheStandInAndTheOtherReplica_byGetAndMget_andThenHeldLocally()
            throws Exception {
        CacheNode n4 = recoveredNode(WINDOW_MS, SystemEpochClock.INSTANCE);
        Key onStandIn = key();
        Key onOther = key();
        Key local = key();
        Key nowhere = key();
        long expiresAt = System.currentTimeMillis() + 100_000;
        put(onStandIn.standIn(), ReplicationCodec.SET, onStandIn, "from the stand-in", 7, expiresAt, OLD_VERSION);
        put(onOther.other(), ReplicationCodec.SET, onOther, "from the replica", 9, 0, OLD_VERSION + 1);
        put(n4, ReplicationCodec.SET, local, "already here", 0, 0, OLD_VERSION + 2);
        RawConnection client = cluster.connect(n4);

        ResponseDecoder filled = get(client, onStandIn, 0);
        assertEquals(Status.OK, filled.status(), "the stand-in's stale copy fills the miss");
        assertValue(filled, "from the stand-in", OLD_VERSION, 7);
        assertTrue(filled.ttlRemainingMs() > 0 && filled.ttlRemainingMs() <= 100_000, "" + filled.ttlRemainingMs());

        ResponseDecoder batch = mget(client, FrameHeader.FLAG_VERSIONED_MISS, local, onOther, nowhere);
        assertEquals(Status.OK, batch.status());
        assertEquals(3, batch.readCount());
        assertEquals(Status.OK, batch.readItemStatus());
        assertValue(batch, "already here", OLD_VERSION + 2, 0);
        assertEquals(Status.OK, batch.readItemStatus(), "the other replica's copy fills the MGET item");
        assertValue(batch, "from the replica", OLD_VERSION + 1, 9);
        assertEquals(-1, batch.ttlRemainingMs());
        assertEquals(Status.NOT_FOUND, batch.readItemStatus(), "a key no peer holds stays a miss");
        assertEquals(0, batch.readVersion());
        batch.expectEnd();
        assertEquals(3, stat(n4, "lazy_fill_lookups"), "the hit on n4 asked no peer");
        assertEquals(2, stat(n4, "lazy_fill_hits"));

        ResponseDecoder held = get(client, onStandIn, 0);
        assertValue(held, "from the stand-in", OLD_VERSION, 7);
        assertTrue(held.ttlRemainingMs() > 0 && held.ttlRemainingMs() <= filled.ttlRemainingMs(),
                "the local copy expires no later than the stand-in's: " + held.ttlRemainingMs());
        assertValue(get(client, onOther, 0), "from the replica", OLD_VERSION + 1, 9);
        assertEquals(3, stat(n4, "lazy_fill_lookups"), "both keys are now held on n4");
    }

    @Test
    void newestVersionAmongThePeers_wins_aTombstoneMeaningAbsent() throws Exception {
        CacheNode n4 = recoveredNode(WINDOW_MS, SystemEpochClock.INSTANCE);
        Key deleted = key();
        put(deleted.standIn(), ReplicationCodec.SET, deleted, "deleted since", 0, 0, OLD_VERSION);
        put(deleted.other(), ReplicationCodec.TOMBSTONE, deleted, null, 0, 0, OLD_VERSION + 256);
        Key rewritten = key();
        put(rewritten.standIn(), ReplicationCodec.TOMBSTONE, rewritten, null, 0, 0, OLD_VERSION);
        put(rewritten.other(), ReplicationCodec.SET, rewritten, "written since", 3, 0, OLD_VERSION + 256);
        RawConnection client = cluster.connect(n4);

        ResponseDecoder miss = get(client, deleted, FrameHeader.FLAG_VERSIONED_MISS);
        assertEquals(Status.NOT_FOUND, miss.status(), "the newer tombstone beats the older value");
        assertEquals(OLD_VERSION + 256, miss.readVersion(), "n4 now holds the tombstone");
        ResponseDecoder hit = get(client, rewritten, FrameHeader.FLAG_VERSIONED_MISS);
        assertEquals(Status.OK, hit.status(), "the newer value beats the older tombstone");
        assertValue(hit, "written since", OLD_VERSION + 256, 3);
        assertEquals(2, stat(n4, "lazy_fill_lookups"));
        assertEquals(1, stat(n4, "lazy_fill_hits"));
    }

    /**
     * The GET and the SET arrive in one read: the SET is applied before the GET's lookups have even left n4, so the
     * stand-in's older copy arrives after it.
     */
    @Test
    void localWriteMadeWhileTheLookupRuns_isNotOverwrittenByTheOlderCopy() throws Exception {
        CacheNode n4 = recoveredNode(WINDOW_MS, SystemEpochClock.INSTANCE);
        Key key = key();
        put(key.standIn(), ReplicationCodec.SET, key, "old", 0, 0, OLD_VERSION);
        RawConnection client = cluster.connect(n4);
        ByteBuf both = Unpooled.buffer();
        RequestEncoder.get(both, 1, 3, key.bytes());
        RequestEncoder.set(both, 2, 3, key.bytes(), bytes("new"), 5, 0, 0);
        byte[] frames = new byte[both.readableBytes()];
        both.readBytes(frames);
        both.release();
        client.send(frames);

        ResponseDecoder getAnswer = null;
        long written = 0;
        for (int i = 0; i < 2; i++) {
            ResponseDecoder answer = client.readFrame();
            if (answer.opcode() == Opcode.SET) {
                assertEquals(Status.OK, answer.status());
                written = answer.readVersion();
            } else {
                getAnswer = answer;
            }
        }
        assertNotNull(getAnswer);
        assertEquals(Status.OK, getAnswer.status());
        assertValue(getAnswer, "new", written, 5);
        assertValue(get(client, key, 0), "new", written, 5);
        assertEquals(1, stat(n4, "lazy_fill_lookups"), "the GET did look the key up");
    }

    @Test
    void withAWindowOfZero_aMissStaysAMiss_andNoPeerIsAsked() throws Exception {
        CacheNode n4 = recoveredNode(0, SystemEpochClock.INSTANCE);
        Key key = key();
        put(key.standIn(), ReplicationCodec.SET, key, "stale copy", 0, 0, OLD_VERSION);
        long standInGets = stat(key.standIn(), "cmd_get");
        long otherGets = stat(key.other(), "cmd_get");
        RawConnection client = cluster.connect(n4);

        assertEquals(Status.NOT_FOUND, get(client, key, 0).status());
        ResponseDecoder batch = mget(client, 0, key);
        assertEquals(1, batch.readCount());
        assertEquals(Status.NOT_FOUND, batch.readItemStatus());
        assertEquals(0, stat(n4, "lazy_fill_lookups"));
        assertEquals(standInGets, stat(key.standIn(), "cmd_get"), "the stand-in was not asked");
        assertEquals(otherGets, stat(key.other(), "cmd_get"), "the other replica was not asked");
    }

    @Test
    void onceTheWindowHasPassed_aMissStaysAMiss_andNoPeerIsAsked() throws Exception {
        CachedEpochClock clock = new CachedEpochClock();
        clock.update(System.currentTimeMillis());
        CacheNode n4 = recoveredNode(WINDOW_MS, clock);
        Key during = key();
        Key after = key();
        put(during.standIn(), ReplicationCodec.SET, during, "in time", 0, 0, OLD_VERSION);
        put(after.standIn(), ReplicationCodec.SET, after, "too late", 0, 0, OLD_VERSION);
        RawConnection client = cluster.connect(n4);
        assertEquals(Status.OK, get(client, during, 0).status(), "the window is open");
        assertEquals(1, stat(n4, "lazy_fill_lookups"));

        clock.advance(WINDOW_MS);
        long standInGets = stat(after.standIn(), "cmd_get");
        assertEquals(Status.NOT_FOUND, get(client, after, 0).status(), "the window has closed");
        assertEquals(1, stat(n4, "lazy_fill_lookups"));
        assertEquals(standInGets, stat(after.standIn(), "cmd_get"), "the stand-in was not asked");
    }

    /**
     * n4 and n1 are nodes; the two other members are a port that refuses connections and a socket that accepts and
     * never answers. At rf 4 each is asked for every key.
     */
    @Test
    void deadAndSilentPeers_doNotTurnAMissIntoAnError_andTheAnswerComesAfterTheLookupTimeout() throws Exception {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CacheNode n1 = start("n1", WINDOW_MS, SystemEpochClock.INSTANCE);
            CacheNode n4 = start("n4", WINDOW_MS, SystemEpochClock.INSTANCE);
            NodeInfo dead = new NodeInfo("n2", "127.0.0.1", deadPort, "", NodeInfo.STANDARD_WEIGHT, NodeState.UP);
            NodeInfo quiet = new NodeInfo("n3", "127.0.0.1", silent.getLocalPort(), "", NodeInfo.STANDARD_WEIGHT,
                    NodeState.UP);
            for (NodeState state : List.of(NodeState.RECOVERING, NodeState.UP)) {
                Topology topology = new Topology(state == NodeState.UP ? 2 : 1,
                        List.of(info(n1, NodeState.UP), dead, quiet, info(n4, state)), 4, Topology.DEFAULT_VNODES);
                n1.topology().offer(topology);
                n4.topology().offer(topology);
            }
            Key held = new Key("held", n1, n1);
            Key batchHeld = new Key("batch-held", n1, n1);
            Key nowhere = new Key("nowhere", n1, n1);
            put(n1, ReplicationCodec.SET, held, "on n1", 0, 0, OLD_VERSION);
            put(n1, ReplicationCodec.SET, batchHeld, "on n1 too", 0, 0, OLD_VERSION);
            RawConnection client = cluster.connect(n4);

            long started = System.nanoTime();
            ResponseDecoder filled = get(client, held, 0);
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Status.OK, filled.status(), "n1 answered; the others do not count");
            assertValue(filled, "on n1", OLD_VERSION, 0);
            assertTrue(waitedMs >= 300, "the answer waited for the silent peer until the timeout: " + waitedMs);
            assertEquals(Status.NOT_FOUND, get(client, nowhere, 0).status(), "no answer is a miss, not an error");
            ResponseDecoder batch = mget(client, FrameHeader.FLAG_VERSIONED_MISS, nowhere, batchHeld);
            assertEquals(Status.OK, batch.status());
            assertEquals(2, batch.readCount());
            assertEquals(Status.NOT_FOUND, batch.readItemStatus());
            assertEquals(0, batch.readVersion());
            assertEquals(Status.OK, batch.readItemStatus());
            assertValue(batch, "on n1 too", OLD_VERSION, 0);
        }
    }
}
