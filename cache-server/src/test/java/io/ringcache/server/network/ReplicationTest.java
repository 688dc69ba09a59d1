package io.ringcache.server.network;

import static io.ringcache.server.network.LoopbackNodes.await;
import static io.ringcache.server.network.LoopbackNodes.bytes;
import static io.ringcache.server.network.LoopbackNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.WriteConsistency;
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
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replication between real in-process nodes on loopback: writes reach every holder with the coordinator's version,
 * consistency levels wait for the right acknowledgements, tombstones stop late writes, and a joining node receives
 * exactly the ranges it will hold.
 */
class ReplicationTest {
    private final LoopbackNodes cluster = new LoopbackNodes();

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    private CacheNode start(String id) throws InterruptedException {
        return cluster.start(new NodeContext().nodeId(id).port(0).maxMemory(64L << 20).ioThreads(2)
                .replicationTimeoutMs(300).transferRate(0));
    }

    private void publish(Topology topology) {
        for (CacheNode node : cluster.nodes) {
            node.topology().offer(topology);
        }
    }

    private static ResponseDecoder call(RawConnection connection, WriteConsistency level,
            java.util.function.Consumer<ByteBuf> writer) throws IOException {
        connection.send(RawConnection.frame(out -> {
            writer.accept(out);
            FrameHeader.flags(out, 0, level.flags());
        }));
        return connection.readFrame();
    }

    /** A versioned GET sent at an epoch no node is beyond, so that no node refuses it as NOT_OWNER. */
    private static ResponseDecoder get(RawConnection connection, String key) throws IOException {
        connection.send(RawConnection.frame(out -> {
            RequestEncoder.get(out, 7, Long.MAX_VALUE, bytes(key));
            FrameHeader.flags(out, 0, FrameHeader.FLAG_VERSIONED_MISS);
        }));
        return connection.readFrame();
    }

    /**
     * An UP peer at {@code socket}'s port, which nobody accepts on: the kernel completes a link's connection to it,
     * and nothing ever reads what the link sends or answers it.
     */
    private static NodeInfo silentPeer(String id, ServerSocket socket) {
        return new NodeInfo(id, "127.0.0.1", socket.getLocalPort(), "", NodeInfo.STANDARD_WEIGHT, NodeState.UP);
    }

    private List<CacheNode> threeNodes(int rf) throws InterruptedException {
        List<CacheNode> three = List.of(start("n1"), start("n2"), start("n3"));
        List<NodeInfo> infos = new ArrayList<>();
        three.forEach(node -> infos.add(info(node, NodeState.UP)));
        publish(new Topology(1, infos, rf, Topology.DEFAULT_VNODES));
        return three;
    }

    @Test
    void quorumWrite_reachesEveryReplica_withTheCoordinatorsVersion() throws Exception {
        List<CacheNode> three = threeNodes(3);
        ResponseDecoder set = call(cluster.connect(three.get(0)), WriteConsistency.QUORUM,
                out -> RequestEncoder.set(out, 1, 1, bytes("k"), bytes("v1"), 5, 0, 0));
        assertEquals(Status.OK, set.status());
        long version = set.readVersion();
        for (CacheNode replica : three) {
            RawConnection connection = cluster.connect(replica);
            await("the write on " + replica.context().nodeId(), () -> {
                try {
                    return get(connection, "k").status() == Status.OK;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            ResponseDecoder answer = get(connection, "k");
            answer.readValueItem();
            assertEquals(version, answer.version(), "every replica holds the coordinator's version");
            assertEquals(5, answer.flags());
        }
    }

    @Test
    void allWrite_waitsForEveryLiveCopy_andIsUnavailableWhenOneIsDown_whileQuorumStillSucceeds() throws Exception {
        List<CacheNode> three = threeNodes(3);
        RawConnection coordinator = cluster.connect(three.get(0));
        assertEquals(Status.OK, call(coordinator, WriteConsistency.ALL,
                out -> RequestEncoder.set(out, 1, 1, bytes("a"), bytes("x"), 0, 0, 0)).status());
        three.get(2).close();
        assertEquals(Status.OK, call(coordinator, WriteConsistency.QUORUM,
                out -> RequestEncoder.set(out, 2, 1, bytes("b"), bytes("x"), 0, 0, 0)).status(),
                "two of three copies make a quorum");
        ResponseDecoder all = call(coordinator, WriteConsistency.ALL,
                out -> RequestEncoder.set(out, 3, 1, bytes("c"), bytes("x"), 0, 0, 0));
        assertEquals(Status.UNAVAILABLE, all.status(), "ALL cannot reach the stopped node");
        String message = all.errorMessage();
        assertTrue(message.contains("retrying it is safe"), message);
        three.get(1).close();
        assertEquals(Status.UNAVAILABLE, call(coordinator, WriteConsistency.QUORUM,
                out -> RequestEncoder.set(out, 4, 1, bytes("d"), bytes("x"), 0, 0, 0)).status(),
                "one of three copies is no quorum");
        assertEquals(Status.OK, call(coordinator, WriteConsistency.ONE,
                out -> RequestEncoder.set(out, 5, 1, bytes("e"), bytes("x"), 0, 0, 0)).status(),
                "ONE needs only the coordinator");
    }

    @Test
    void quorumWrite_toAReplicaThatNeverAnswers_isUnavailableOnceTheTimeoutPasses_eachTime() throws Exception {
        CacheNode coordinator = start("n1");
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            coordinator.topology().offer(new Topology(1, List.of(info(coordinator, NodeState.UP),
                    silentPeer("silent", silent)), 2, Topology.DEFAULT_VNODES));
            RawConnection connection = cluster.connect(coordinator);
            for (int id = 1; id <= 3; id++) {
                int requestId = id;
                long started = System.nanoTime();
                ResponseDecoder set = call(connection, WriteConsistency.QUORUM,
                        out -> RequestEncoder.set(out, requestId, 1, bytes("k" + requestId), bytes("v"), 0, 0, 0));
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                assertEquals(Status.UNAVAILABLE, set.status());
                assertEquals(requestId, set.requestId());
                String message = set.errorMessage();
                assertTrue(message.contains("applied on 1 of the 2 copies") && message.contains("within 300 ms"),
                        message);
                assertTrue(tookMs >= 300, "answered after " + tookMs + " ms, before the timeout");
            }
            assertEquals(Status.OK, call(connection, WriteConsistency.ONE,
                    out -> RequestEncoder.set(out, 4, 1, bytes("k4"), bytes("v"), 0, 0, 0)).status());
        }
    }

    @Test
    void delete_leavesTombstonesOnReplicas_thatRefuseALateOlderWrite() throws Exception {
        List<CacheNode> three = threeNodes(3);
        RawConnection coordinator = cluster.connect(three.get(0));
        long written = call(coordinator, WriteConsistency.ALL,
                out -> RequestEncoder.set(out, 1, 1, bytes("gone"), bytes("old"), 0, 0, 0)).readVersion();
        assertEquals(Status.OK, call(coordinator, WriteConsistency.ALL,
                out -> RequestEncoder.delete(out, 2, 1, bytes("gone"))).status());
        RawConnection replica = cluster.connect(three.get(1));
        ResponseDecoder miss = get(replica, "gone");
        assertEquals(Status.NOT_FOUND, miss.status());
        long tombstone = miss.readVersion();
        assertTrue(tombstone > written, "the miss carries the tombstone's newer version");

        replica.send(RawConnection.frame(out -> {
            int frame = ReplicationCodec.begin(out, 9, 1, ReplicationCodec.senderId("n1"));
            ReplicationCodec.recordHeader(out, ReplicationCodec.SET, written, 0, 0, 4, 3);
            out.writeBytes(bytes("gone"));
            out.writeBytes(bytes("old"));
            ReplicationCodec.finish(out, frame, 1);
        }));
        ResponseDecoder ack = replica.readFrame();
        assertEquals(Opcode.REPLICATE, ack.opcode());
        assertEquals(Status.OK, ack.status());
        assertEquals(Status.NOT_FOUND, get(replica, "gone").status(), "the late, older write did not resurrect it");
    }

    @Test
    void malformedReplicateFrame_isRefusedAndTheConnectionStaysUsable() throws Exception {
        List<CacheNode> three = threeNodes(3);
        RawConnection replica = cluster.connect(three.get(1));
        replica.send(RawConnection.frame(out -> {
            int frame = ReplicationCodec.begin(out, 9, 1, ReplicationCodec.senderId("n1"));
            ReplicationCodec.recordHeader(out, ReplicationCodec.SET, 1, 0, 0, 0, 3);
            out.writeBytes(bytes("abc"));
            ReplicationCodec.finish(out, frame, 1);
        }));
        ResponseDecoder refused = replica.readFrame();
        assertEquals(Status.BAD_REQUEST, refused.status());
        String message = refused.errorMessage();
        assertTrue(message.contains("key of 0 bytes"), message);
        assertEquals(Status.NOT_FOUND, get(replica, "abc").status());
    }

    @Test
    void joiningNode_receivesExactlyTheKeysItWillHold_andTheOthersReportTheEpochSynced() throws Exception {
        CacheNode first = start("n1");
        CacheNode second = start("n2");
        Topology two = new Topology(1, List.of(info(first, NodeState.UP), info(second, NodeState.UP)), 2, 64);
        publish(two);
        RawConnection coordinator = cluster.connect(first);
        int keys = 2000;
        for (int i = 0; i < keys; i++) {
            String key = "key-" + i;
            assertEquals(Status.OK, call(coordinator, WriteConsistency.ALL,
                    out -> RequestEncoder.set(out, 1, 1, bytes(key), bytes("value-" + key), 0, 0, 0)).status());
        }
        CacheNode third = start("n3");
        Topology joining = new Topology(2, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                info(third, NodeState.JOINING)), 2, 64);
        publish(joining);
        await("n1 and n2 synced at epoch 2", () -> first.mover().syncedEpoch() == 2
                && second.mover().syncedEpoch() == 2);

        Placement placement = third.topology().placement();
        int[] holders = new int[Placement.MAX_HOLDERS];
        int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];
        RawConnection joiner = cluster.connect(third);
        int expected = 0;
        for (int i = 0; i < keys; i++) {
            String key = "key-" + i;
            int count = placement.holders(KeyHash.hash(bytes(key)), holders, scratch);
            boolean holds = false;
            for (int h = 0; h < count; h++) {
                holds |= holders[h] == placement.self();
            }
            ResponseDecoder answer = get(joiner, key);
            if (holds) {
                expected++;
                assertEquals(Status.OK, answer.status(), key + " should have moved to n3");
                answer.readValueItem();
                assertEquals("value-" + key, new String(answer.copyValue(), StandardCharsets.UTF_8));
            } else {
                assertEquals(Status.NOT_FOUND, answer.status(), key + " should not have moved to n3");
            }
        }
        assertTrue(expected > keys / 3, "n3 holds a fair share: " + expected);
    }

    @Test
    void recoveringNode_thatRestartedEmpty_receivesEveryKeyItHolds_evenWhenThePassSkipsTheDownEpoch()
            throws Exception {
        List<CacheNode> three = threeNodes(3);
        RawConnection coordinator = cluster.connect(three.get(0));
        for (int i = 0; i < 500; i++) {
            String key = "r-" + i;
            assertEquals(Status.OK, call(coordinator, WriteConsistency.ALL,
                    out -> RequestEncoder.set(out, 1, 1, bytes(key), bytes(key), 0, 0, 0)).status());
        }
        CacheNode first = three.get(0);
        CacheNode second = three.get(1);
        three.get(2).close();
        cluster.nodes.remove(three.get(2));
        // the DOWN epoch in between never reaches n1 or n2: they go straight from n3 UP to n3 RECOVERING
        CacheNode restarted = start("n3");
        Topology recovering = new Topology(3, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                info(restarted, NodeState.RECOVERING)), 3, Topology.DEFAULT_VNODES);
        publish(recovering);
        await("n1 and n2 synced at epoch 3", () -> first.mover().syncedEpoch() == 3
                && second.mover().syncedEpoch() == 3);
        RawConnection recovered = cluster.connect(restarted);
        for (int i = 0; i < 500; i++) {
            assertEquals(Status.OK, get(recovered, "r-" + i).status(), "r-" + i + " reached the recovering node");
        }
    }

    @Test
    void nodeCutOffWithItsMemory_getsOnlyWhatItMissed_fromTheBacklogs() throws Exception {
        List<CacheNode> three = threeNodes(3);
        CacheNode first = three.get(0);
        CacheNode second = three.get(1);
        CacheNode third = three.get(2);
        await("n1 and n2 know n3's incarnation", () -> first.replication().gaps().knows("n3")
                && second.replication().gaps().knows("n3"));
        RawConnection coordinator = cluster.connect(first);
        for (int i = 0; i < 300; i++) {
            String key = "p-" + i;
            assertEquals(Status.OK, call(coordinator, WriteConsistency.ALL,
                    out -> RequestEncoder.set(out, 1, 1, bytes(key), bytes(key), 0, 0, 0)).status());
        }
        Topology down = new Topology(2, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                info(third, NodeState.DOWN)), 3, Topology.DEFAULT_VNODES);
        first.topology().offer(down);
        second.topology().offer(down);
        for (int i = 300; i < 400; i++) {
            String key = "p-" + i;
            assertEquals(Status.OK, call(coordinator, WriteConsistency.ALL,
                    out -> RequestEncoder.set(out, 1, 2, bytes(key), bytes(key), 0, 0, 0)).status());
        }
        assertEquals(Status.OK, call(coordinator, WriteConsistency.ALL,
                out -> RequestEncoder.delete(out, 2, 2, bytes("p-0"))).status());
        RawConnection cutOff = cluster.connect(third);
        assertEquals(Status.NOT_FOUND, get(cutOff, "p-350").status(), "n3 missed the writes while DOWN");

        Topology recovering = new Topology(3, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                info(third, NodeState.RECOVERING)), 3, Topology.DEFAULT_VNODES);
        publish(recovering);
        await("n1 and n2 synced at epoch 3", () -> first.mover().syncedEpoch() == 3
                && second.mover().syncedEpoch() == 3);
        assertEquals(Status.NOT_FOUND, get(cutOff, "p-0").status(), "the delete reached n3 as a tombstone");
        for (int i = 1; i < 400; i++) {
            assertEquals(Status.OK, get(cutOff, "p-" + i).status(), "p-" + i + " on n3");
        }
        assertEquals(1, first.mover().partialSyncs(), "n1 replayed its backlog");
        assertEquals(0, first.mover().fullSyncs());
        assertEquals(0, second.mover().fullSyncs(), "n2 had nothing to stream in full either");
    }

    @Test
    void transferCutMidway_resumesOnANewConnection_andLosesNothing() throws Exception {
        CacheNode first = start("n1");
        CacheNode second = start("n2");
        publish(new Topology(1, List.of(info(first, NodeState.UP), info(second, NodeState.UP)), 1, 64));
        RawConnection coordinator = cluster.connect(first);
        RawConnection other = cluster.connect(second);
        byte[] value = new byte[1000];
        for (int i = 0; i < 3000; i++) {
            String key = "t-" + i;
            call(i % 2 == 0 ? coordinator : other, WriteConsistency.ONE,
                    out -> RequestEncoder.set(out, 1, Long.MAX_VALUE, bytes(key), value, 0, 0, 0));
        }
        CacheNode third = start("n3");
        try (DroppingProxy proxy = new DroppingProxy(third.port(), 200_000)) {
            NodeInfo behindProxy = new NodeInfo("n3", "127.0.0.1", proxy.port(), "", NodeInfo.STANDARD_WEIGHT,
                    NodeState.JOINING);
            publish(new Topology(2, List.of(info(first, NodeState.UP), info(second, NodeState.UP), behindProxy), 1,
                    64));
            await("n1 and n2 synced at epoch 2", () -> first.mover().syncedEpoch() == 2
                    && second.mover().syncedEpoch() == 2);
            assertTrue(proxy.dropped(), "the proxy cut a transfer connection");
            assertTrue(proxy.connections() > 1, "the mover reconnected");
        }
        Placement placement = third.topology().placement();
        int[] holders = new int[Placement.MAX_HOLDERS];
        int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];
        RawConnection joiner = cluster.connect(third);
        int moved = 0;
        for (int i = 0; i < 3000; i++) {
            String key = "t-" + i;
            int count = placement.holders(KeyHash.hash(bytes(key)), holders, scratch);
            for (int h = 0; h < count; h++) {
                if (holders[h] == placement.self()) {
                    moved++;
                    assertEquals(Status.OK, get(joiner, key).status(), key + " reached n3 despite the cut");
                }
            }
        }
        assertTrue(moved > 500, "n3 holds a share: " + moved);
    }

    @Test
    void managedNodeWithoutATopology_refusesKeysAsNotOwner_butAnswersPings() throws Exception {
        int unusedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            unusedPort = probe.getLocalPort();
        }
        CacheNode managed = cluster.start(new NodeContext().nodeId("m").port(0).maxMemory(16L << 20).ioThreads(1)
                .managers(List.of("127.0.0.1:" + unusedPort)));
        RawConnection connection = cluster.connect(managed);
        ResponseDecoder set = call(connection, WriteConsistency.QUORUM,
                out -> RequestEncoder.set(out, 1, 0, bytes("k"), bytes("v"), 0, 0, 0));
        assertEquals(Status.NOT_OWNER, set.status(), "a restarted node must not take writes alone");
        String message = set.errorMessage();
        assertTrue(message.contains("not received the cluster's topology"), message);
        connection.send(RawConnection.frame(out -> RequestEncoder.ping(out, 2, 0)));
        assertEquals(Status.OK, connection.readFrame().status());
    }

    @Test
    void writesMadeWhileNoOtherHolderIsLive_reachTheBacklog_andTheRecoveringNodeGetsThemByPartialSync()
            throws Exception {
        CacheNode first = start("n1");
        CacheNode second = start("n2");
        publish(new Topology(1, List.of(info(first, NodeState.UP), info(second, NodeState.UP)), 2,
                Topology.DEFAULT_VNODES));
        await("n1 knows n2's incarnation", () -> first.replication().gaps().knows("n2"));
        Topology down = new Topology(2, List.of(info(first, NodeState.UP), info(second, NodeState.DOWN)), 2,
                Topology.DEFAULT_VNODES);
        first.topology().offer(down);
        RawConnection coordinator = cluster.connect(first);
        for (int i = 0; i < 100; i++) {
            String key = "alone-" + i;
            assertEquals(Status.OK, call(coordinator, WriteConsistency.ONE,
                    out -> RequestEncoder.set(out, 1, 2, bytes(key), bytes(key), 0, 0, 0)).status());
        }
        publish(new Topology(3, List.of(info(first, NodeState.UP), info(second, NodeState.RECOVERING)), 2,
                Topology.DEFAULT_VNODES));
        await("n1 synced at epoch 3", () -> first.mover().syncedEpoch() == 3);
        RawConnection recovered = cluster.connect(second);
        for (int i = 0; i < 100; i++) {
            assertEquals(Status.OK, get(recovered, "alone-" + i).status(), "alone-" + i + " on n2");
        }
        assertEquals(1, first.mover().partialSyncs(), "the backlog had every write made while n2 was DOWN");
        assertEquals(0, first.mover().fullSyncs());
    }

    @Test
    void replicaThatStopsReading_costsTheCoordinatorAtMostTheUnacknowledgedBound() throws Exception {
        CacheNode first = start("n1");
        try (ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            publish(new Topology(1, List.of(info(first, NodeState.UP), silentPeer("n2", stalled)), 2,
                    Topology.DEFAULT_VNODES));
            RawConnection coordinator = cluster.connect(first);
            long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            byte[] value = new byte[64 * 1024];
            for (int i = 0; i < 1024; i++) {
                String key = "big-" + i;
                assertEquals(Status.OK, call(coordinator, WriteConsistency.ONE,
                        out -> RequestEncoder.set(out, 1, 1, bytes(key), value, 0, 0, 0)).status());
            }
            long grown = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore;
            assertTrue(first.replication().metrics().dropped() > 0, "frames beyond the bound were dropped");
            assertTrue(grown < 40L << 20, "64 MiB forwarded to a replica that reads nothing held "
                    + (grown >> 20) + " MiB of direct memory");
            assertTrue(first.replication().gaps().gap("n2") != null, "n2 needs a sync for what was dropped");
        }
    }

    @Test
    void quorumWrite_toAKeyWithAJoiningHolder_waitsForOneMoreCopy() throws Exception {
        CacheNode first = start("n1");
        CacheNode second = start("n2");
        try (ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            NodeInfo joiningNeverAcks = new NodeInfo("n3", "127.0.0.1", stalled.getLocalPort(), "",
                    NodeInfo.STANDARD_WEIGHT, NodeState.JOINING);
            Topology topology = new Topology(1, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                    joiningNeverAcks), 2, Topology.DEFAULT_VNODES);
            publish(topology);
            Placement placement = Placement.of(topology, "n1");
            int[] holders = new int[Placement.MAX_HOLDERS];
            int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];
            String movingKey = null;
            for (int i = 0; movingKey == null; i++) {
                String key = "moving-" + i;
                if (placement.serves(KeyHash.hash(bytes(key), 0, key.length()), scratch)
                        && placement.pendingOnlyHolders(KeyHash.hash(bytes(key), 0, key.length()), holders,
                        scratch) == 1) {
                    movingKey = key;
                }
            }
            String key = movingKey;
            ResponseDecoder quorum = call(cluster.connect(first), WriteConsistency.QUORUM,
                    out -> RequestEncoder.set(out, 1, 1, bytes(key), bytes("v"), 0, 0, 0));
            assertEquals(Status.UNAVAILABLE, quorum.status(), "n1 and n2 are two of the three copies needed");
        }
    }

    @Test
    void nodeAwayWhileAnotherDrained_getsTheRangesItGainedInFull_notJustWhatItMissed() throws Exception {
        CacheNode first = start("n1");
        CacheNode second = start("n2");
        CacheNode away = start("n3");
        CacheNode drained = start("n4");
        publish(new Topology(1, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                info(away, NodeState.UP), info(drained, NodeState.UP)), 2, Topology.DEFAULT_VNODES));
        await("n1 and n2 know n3's incarnation", () -> first.replication().gaps().knows("n3")
                && second.replication().gaps().knows("n3"));
        RawConnection coordinator = cluster.connect(first);
        for (int i = 0; i < 400; i++) {
            String key = "d-" + i;
            assertEquals(Status.OK, call(coordinator, WriteConsistency.ONE,
                    out -> RequestEncoder.set(out, 1, Long.MAX_VALUE, bytes(key), bytes(key), 0, 0, 0)).status());
        }
        List<CacheNode> present = List.of(first, second, drained);
        for (Topology topology : List.of(
                new Topology(2, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                        info(away, NodeState.DOWN), info(drained, NodeState.UP)), 2, Topology.DEFAULT_VNODES),
                new Topology(3, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                        info(away, NodeState.DOWN), info(drained, NodeState.LEAVING)), 2, Topology.DEFAULT_VNODES),
                new Topology(4, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                        info(away, NodeState.DOWN)), 2, Topology.DEFAULT_VNODES))) {
            present.forEach(node -> node.topology().offer(topology));
            await("epoch " + topology.epoch() + " synced", () -> present.stream()
                    .allMatch(node -> node.mover().syncedEpoch() == topology.epoch()));
        }
        Topology recovering = new Topology(5, List.of(info(first, NodeState.UP), info(second, NodeState.UP),
                info(away, NodeState.RECOVERING)), 2, Topology.DEFAULT_VNODES);
        List.of(first, second, away).forEach(node -> node.topology().offer(recovering));
        await("n1 and n2 synced at epoch 5", () -> first.mover().syncedEpoch() == 5
                && second.mover().syncedEpoch() == 5);
        Placement placement = Placement.of(recovering, "n3");
        int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];
        RawConnection back = cluster.connect(away);
        int held = 0;
        for (int i = 0; i < 400; i++) {
            String key = "d-" + i;
            if (placement.holds(KeyHash.hash(bytes(key), 0, key.length()), scratch)) {
                held++;
                assertEquals(Status.OK, get(back, key).status(), key + " on n3");
            }
        }
        assertTrue(held > 200, "n3 holds most keys of a three-node ring at rf 2: " + held);
        assertEquals(0, first.mover().partialSyncs(), "n4's ranges changed n3's share while it was away");
    }
}

