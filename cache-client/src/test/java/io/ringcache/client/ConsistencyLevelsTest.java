package io.ringcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.client.routing.StaticTopologySource;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.ReadConsistency;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.WriteConsistency;
import io.ringcache.protocol.codec.FrameHeader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consistency levels on the wire, against {@link ScriptedNode}s: the level each call sends in the header flags, the
 * versioned misses a QUORUM read asks for and orders by, and UNAVAILABLE reaching the caller without failover.
 */
class ConsistencyLevelsTest {
    private final List<ScriptedNode> nodes = new ArrayList<>();

    @BeforeEach
    void startNodes() throws InterruptedException {
        nodes.add(new ScriptedNode());
        nodes.add(new ScriptedNode());
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ScriptedNode::close);
    }

    /** A client of every scripted node, each key replicated on all of them (so a quorum is all of them too). */
    private RingcacheClient.Builder client() {
        return RingcacheClient.builder().topologySource(StaticTopologySource.of(nodes.size(), List.of("a", "b"),
                List.of(nodes.get(0).port(), nodes.get(1).port())));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The flags byte of the last request with {@code opcode}, whichever node it went to. */
    private byte lastFlags(byte opcode) {
        byte flags = 0;
        int seen = 0;
        for (ScriptedNode node : nodes) {
            for (ScriptedNode.Request request : node.requests()) {
                if (request.opcode() == opcode) {
                    flags = request.flags();
                    seen++;
                }
            }
        }
        assertTrue(seen > 0, "no " + Opcode.name(opcode) + " arrived");
        return flags;
    }

    private void clearRequests() {
        nodes.forEach(node -> node.requests().clear());
    }

    @Test
    void everyWrite_carriesItsLevelInTheHeaderFlags() {
        try (RingcacheClient client = client().build()) {
            List<byte[]> keys = List.of(bytes("k1"), bytes("k2"));
            for (WriteConsistency level : WriteConsistency.values()) {
                clearRequests();
                client.put(bytes("k"), bytes("v"), null, level);
                assertEquals(level.flags(), lastFlags(Opcode.SET), level + " put");
                clearRequests();
                client.putIfVersion(bytes("k"), bytes("v"), null, 1, level);
                assertEquals(level.flags(), lastFlags(Opcode.SET), level + " putIfVersion");
                clearRequests();
                client.putAsync(bytes("k"), bytes("v"), Duration.ofMinutes(1), 7, level).join();
                assertEquals(level.flags(), lastFlags(Opcode.SET), level + " putAsync");
                client.delete(bytes("k"), level);
                assertEquals(level.flags(), lastFlags(Opcode.DELETE), level + " delete");
                client.touch(bytes("k"), Duration.ofMinutes(1), level);
                assertEquals(level.flags(), lastFlags(Opcode.TOUCH), level + " touch");
                client.putAll(keys, keys, null, level);
                assertEquals(level.flags(), lastFlags(Opcode.MSET), level + " putAll");
                client.deleteAll(keys, level);
                assertEquals(level.flags(), lastFlags(Opcode.MDELETE), level + " deleteAll");
                assertEquals(level, WriteConsistency.ofFlags(lastFlags(Opcode.MDELETE)));
            }
            assertEquals(0x02, WriteConsistency.QUORUM.flags());
            assertEquals(0x04, WriteConsistency.ALL.flags());
        }
    }

    @Test
    void callsWithoutALevel_useTheBuildersDefaults() {
        try (RingcacheClient plain = client().build()) {
            plain.put(bytes("k"), bytes("v"));
            assertEquals(0, lastFlags(Opcode.SET));
            plain.get(bytes("k"));
            assertEquals(0, lastFlags(Opcode.GET));
        }
        clearRequests();
        try (RingcacheClient strict = client().writeConsistency(WriteConsistency.ALL)
                .readConsistency(ReadConsistency.QUORUM).build()) {
            strict.put(bytes("k"), bytes("v"));
            assertEquals(WriteConsistency.ALL.flags(), lastFlags(Opcode.SET));
            strict.deleteAll(List.of(bytes("k")));
            assertEquals(WriteConsistency.ALL.flags(), lastFlags(Opcode.MDELETE));
            strict.get(bytes("k"));
            assertEquals(FrameHeader.FLAG_VERSIONED_MISS, lastFlags(Opcode.GET));
            strict.getAll(List.of(bytes("k")));
            assertEquals(FrameHeader.FLAG_VERSIONED_MISS, lastFlags(Opcode.MGET));
        }
        assertThrows(IllegalArgumentException.class, () -> client().writeConsistency(null));
    }

    @Test
    void onlyQuorumReads_askForVersionedMisses() {
        try (RingcacheClient client = client().build()) {
            for (ReadConsistency level : ReadConsistency.values()) {
                byte expected = level == ReadConsistency.QUORUM ? FrameHeader.FLAG_VERSIONED_MISS : 0;
                clearRequests();
                client.get(bytes("k"), level);
                assertEquals(expected, lastFlags(Opcode.GET), level + " get");
                client.getAll(List.of(bytes("k"), bytes("k2")), level);
                assertEquals(expected, lastFlags(Opcode.MGET), level + " getAll");
            }
        }
    }

    @Test
    void quorumRead_takesTheNewestAnswer_aTombstoneAgainstAValueToo() {
        nodes.get(0).value("deleted-later", "old", 5);
        nodes.get(1).tombstone("deleted-later", 7);
        nodes.get(0).value("written-again", "new", 9);
        nodes.get(1).tombstone("written-again", 7);
        nodes.get(1).value("on-one-replica", "only", 3);
        try (RingcacheClient client = client().build()) {
            assertNull(client.get(bytes("deleted-later"), ReadConsistency.QUORUM));
            assertArrayEquals(bytes("new"), client.get(bytes("written-again"), ReadConsistency.QUORUM).value());
            assertEquals(9, client.get(bytes("written-again"), ReadConsistency.QUORUM).version());
            assertArrayEquals(bytes("only"), client.get(bytes("on-one-replica"), ReadConsistency.QUORUM).value());
            assertNull(client.get(bytes("nowhere"), ReadConsistency.QUORUM));

            List<CacheValue> batch = client.getAll(List.of(bytes("deleted-later"), bytes("written-again"),
                    bytes("nowhere"), bytes("on-one-replica")), ReadConsistency.QUORUM);
            assertNull(batch.get(0));
            assertArrayEquals(bytes("new"), batch.get(1).value());
            assertNull(batch.get(2));
            assertArrayEquals(bytes("only"), batch.get(3).value());
            assertEquals(2, nodes.get(0).requests().stream().filter(r -> r.opcode() == Opcode.MGET).count()
                    + nodes.get(1).requests().stream().filter(r -> r.opcode() == Opcode.MGET).count(),
                    "one MGET per node");
            assertEquals(9, client.metrics().requests());
            assertEquals(5, client.metrics().hits());
            assertEquals(4, client.metrics().misses());
        }
    }

    @Test
    void unavailable_reachesTheCaller_asAServerError_withoutTryingAnotherReplica() {
        nodes.forEach(ScriptedNode::answerWritesUnavailable);
        try (RingcacheClient client = client().build()) {
            ServerErrorException single = assertThrows(ServerErrorException.class,
                    () -> client.put(bytes("k"), bytes("v"), null, WriteConsistency.QUORUM));
            assertEquals(Status.UNAVAILABLE, single.status());
            assertTrue(single.getMessage().startsWith("UNAVAILABLE: 1 of 3 copies"), single.getMessage());
            long sets = nodes.stream().flatMap(n -> n.requests().stream()).filter(r -> r.opcode() == Opcode.SET)
                    .count();
            assertEquals(1, sets, "the write went to one coordinator only");

            ServerErrorException batch = assertThrows(ServerErrorException.class,
                    () -> client.deleteAll(List.of(bytes("k")), WriteConsistency.ALL));
            assertEquals(Status.UNAVAILABLE, batch.status());
            assertEquals(0, client.metrics().failovers());
            assertEquals(2, client.metrics().errors());
        }
    }
}
