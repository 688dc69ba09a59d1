package io.ringcache.server.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.codec.ResponseDecoder;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every opcode and limit of the protocol, against a real node through its real socket. */
class NodeProtocolTest {
    private static final CachedEpochClock CLOCK = new CachedEpochClock();
    private static CacheNode node;
    private RawConnection connection;

    @BeforeAll
    static void startNode() throws InterruptedException {
        CLOCK.update(1_000_000);
        node = CacheNode.start(new NodeContext().port(0).maxMemory(64L << 20).ioThreads(2).clock(CLOCK));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void connect() throws IOException {
        connection = new RawConnection(node.port());
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ResponseDecoder call(byte[] frame) throws IOException {
        connection.send(frame);
        return connection.readFrame();
    }

    private long set(String key, String value, int flags, long ttlMs) throws IOException {
        ResponseDecoder answer = call(RawConnection.frame(
                out -> RequestEncoder.set(out, 1, 0, key(key), key(value), flags, ttlMs, 0)));
        assertEquals(Status.OK, answer.status());
        return answer.readVersion();
    }

    private void assertStillServing() throws IOException {
        ResponseDecoder pong = call(RawConnection.frame(out -> RequestEncoder.ping(out, 4242, 0)));
        assertEquals(Status.OK, pong.status());
        assertEquals(4242, pong.requestId());
    }

    @Test
    void set_thenGet_returnsValueFlagsTtlAndVersion() throws IOException {
        long version = set("alpha", "one", 7, 60_000);
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.get(out, 99, 0, key("alpha"))));
        assertEquals(Status.OK, answer.status());
        assertEquals(Opcode.GET, answer.opcode());
        assertEquals(99, answer.requestId());
        answer.readValueItem();
        assertArrayEquals(key("one"), answer.copyValue());
        assertEquals(7, answer.flags());
        assertEquals(60_000, answer.ttlRemainingMs());
        assertEquals(version, answer.version());
        answer.expectEnd();
    }

    @Test
    void get_missingKey_answersNotFound() throws IOException {
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.get(out, 5, 0, key("absent"))));
        assertEquals(Status.NOT_FOUND, answer.status());
        answer.expectEnd();
    }

    @Test
    void get_afterTtlPassed_answersNotFound() throws IOException {
        set("short-lived", "v", 0, 1_000);
        CLOCK.advance(1_001);
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.get(out, 5, 0, key("short-lived"))));
        assertEquals(Status.NOT_FOUND, answer.status());
    }

    @Test
    void get_withoutTtl_reportsNoExpiry() throws IOException {
        set("forever", "v", 0, 0);
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.get(out, 5, 0, key("forever"))));
        answer.readValueItem();
        assertEquals(ResponseEncoder.NO_TTL, answer.ttlRemainingMs());
    }

    @Test
    void delete_saysWhetherKeyExisted() throws IOException {
        set("doomed", "v", 0, 0);
        byte[] delete = RawConnection.frame(out -> RequestEncoder.delete(out, 3, 0, key("doomed")));
        assertEquals(Status.OK, call(delete).status());
        assertEquals(Status.NOT_FOUND, call(delete).status());
    }

    @Test
    void touch_setsNewTtl_andMissesAbsentKey() throws IOException {
        set("touched", "v", 0, 0);
        assertEquals(Status.OK, call(RawConnection.frame(
                out -> RequestEncoder.touch(out, 1, 0, key("touched"), 5_000))).status());
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.get(out, 5, 0, key("touched"))));
        answer.readValueItem();
        assertEquals(5_000, answer.ttlRemainingMs());
        assertEquals(Status.NOT_FOUND, call(RawConnection.frame(
                out -> RequestEncoder.touch(out, 1, 0, key("untouched"), 5_000))).status());
    }

    @Test
    void compareAndSet_succeedsOnCurrentVersion_failsOnStaleOrMissing() throws IOException {
        long version = set("cas", "v1", 0, 0);
        ResponseDecoder won = call(RawConnection.frame(
                out -> RequestEncoder.set(out, 1, 0, key("cas"), key("v2"), 0, 0, version)));
        assertEquals(Status.OK, won.status());
        long newVersion = won.readVersion();
        assertTrue(newVersion > version);
        assertEquals(Status.VERSION_MISMATCH, call(RawConnection.frame(
                out -> RequestEncoder.set(out, 1, 0, key("cas"), key("v3"), 0, 0, version))).status());
        assertEquals(Status.NOT_FOUND, call(RawConnection.frame(
                out -> RequestEncoder.set(out, 1, 0, key("no-cas"), key("v3"), 0, 0, version))).status());
    }

    @Test
    void batches_setGetAndDeleteManyKeys_inRequestOrder() throws IOException {
        byte[][] keys = {key("b1"), key("b2"), key("b3")};
        byte[][] values = {key("x"), key(""), key("zzz")};
        ResponseDecoder stored = call(RawConnection.frame(
                out -> RequestEncoder.mset(out, 1, 0, keys, values, 0, 3, 0, 0)));
        assertEquals(3, stored.readCount());
        for (int i = 0; i < 3; i++) {
            assertEquals(Status.OK, stored.readItemStatus());
            assertTrue(stored.readVersion() > 0);
        }
        byte[][] asked = {key("b1"), key("missing"), key("b2"), key("b3")};
        ResponseDecoder got = call(RawConnection.frame(out -> RequestEncoder.mget(out, 1, 0, asked, 0, 4)));
        assertEquals(4, got.readCount());
        assertEquals(Status.OK, got.readItemStatus());
        got.readValueItem();
        assertArrayEquals(values[0], got.copyValue());
        assertEquals(Status.NOT_FOUND, got.readItemStatus());
        assertEquals(Status.OK, got.readItemStatus());
        got.readValueItem();
        assertArrayEquals(values[1], got.copyValue());
        assertEquals(Status.OK, got.readItemStatus());
        got.readValueItem();
        assertArrayEquals(values[2], got.copyValue());
        got.expectEnd();
        ResponseDecoder deleted = call(RawConnection.frame(out -> RequestEncoder.mdelete(out, 1, 0, asked, 0, 4)));
        assertEquals(4, deleted.readCount());
        assertEquals(Status.OK, deleted.readItemStatus());
        assertEquals(Status.NOT_FOUND, deleted.readItemStatus());
        assertEquals(Status.OK, deleted.readItemStatus());
        assertEquals(Status.OK, deleted.readItemStatus());
    }

    @Test
    void stats_reportsMemoryItemsAndCounters() throws IOException {
        set("counted", "v", 0, 0);
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.stats(out, 1, 0)));
        assertEquals(Status.OK, answer.status());
        Map<String, Long> stats = new HashMap<>();
        int count = answer.readCount();
        for (int i = 0; i < count; i++) {
            answer.readStat();
            stats.put(answer.statName(), answer.statValue());
        }
        answer.expectEnd();
        assertEquals(64L << 20, stats.get("max_memory"));
        assertTrue(stats.get("used_memory") > 0 && stats.get("used_memory") <= 64L << 20);
        assertTrue(stats.get("items") >= 1);
        for (String name : new String[] {"hits", "misses", "evictions", "expirations", "curr_connections"}) {
            assertTrue(stats.containsKey(name), name);
        }
    }

    @Test
    void oversizedKey_answersTooLarge_andConnectionStaysUsable() throws IOException {
        byte[] longKey = new byte[Limits.MAX_KEY_LENGTH + 1];
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.get(out, 8, 0, longKey)));
        assertEquals(Status.TOO_LARGE, answer.status());
        assertEquals(8, answer.requestId());
        assertTrue(answer.errorMessage().contains("251"));
        assertStillServing();
    }

    @Test
    void emptyKey_answersBadRequest() throws IOException {
        ResponseDecoder answer = call(RawConnection.frame(out -> RequestEncoder.get(out, 8, 0, new byte[0])));
        assertEquals(Status.BAD_REQUEST, answer.status());
        assertStillServing();
    }

    @Test
    void largestValue_isStored_andOneByteMoreIsRefused() throws IOException {
        byte[] largest = new byte[Limits.MAX_VALUE_LENGTH];
        largest[largest.length - 1] = 42;
        assertEquals(Status.OK, call(RawConnection.frame(
                out -> RequestEncoder.set(out, 1, 0, key("big"), largest, 0, 0, 0))).status());
        ResponseDecoder got = call(RawConnection.frame(out -> RequestEncoder.get(out, 1, 0, key("big"))));
        got.readValueItem();
        assertArrayEquals(largest, got.copyValue());
        ResponseDecoder refused = call(RawConnection.frame(out -> RequestEncoder.set(out, 1, 0, key("big"),
                new byte[Limits.MAX_VALUE_LENGTH + 1], 0, 0, 0)));
        assertEquals(Status.TOO_LARGE, refused.status());
        assertTrue(refused.errorMessage().contains(String.valueOf(Limits.MAX_VALUE_LENGTH)));
        assertStillServing();
    }

    @Test
    void valueFarOverTheLimit_isSkippedUnbuffered_andAnsweredTooLarge() throws IOException {
        byte[] huge = new byte[4 * Limits.MAX_VALUE_LENGTH];
        ResponseDecoder refused = call(RawConnection.frame(
                out -> RequestEncoder.set(out, 77, 0, key("huge"), huge, 0, 0, 0)));
        assertEquals(Status.TOO_LARGE, refused.status());
        assertEquals(77, refused.requestId());
        assertStillServing();
    }

    @Test
    void batchOverTheKeyLimit_answersTooLarge() throws IOException {
        byte[][] keys = new byte[Limits.MAX_BATCH_KEYS + 1][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key("k" + i);
        }
        ResponseDecoder refused = call(RawConnection.frame(
                out -> RequestEncoder.mget(out, 1, 0, keys, 0, keys.length)));
        assertEquals(Status.TOO_LARGE, refused.status());
        ResponseDecoder allowed = call(RawConnection.frame(
                out -> RequestEncoder.mget(out, 1, 0, keys, 0, Limits.MAX_BATCH_KEYS)));
        assertEquals(Status.OK, allowed.status());
        assertEquals(Limits.MAX_BATCH_KEYS, allowed.readCount());
    }

    @Test
    void unknownOpcode_answersUnknownOpcode_andConnectionStaysUsable() throws IOException {
        byte[] frame = RawConnection.frame(out -> RequestEncoder.ping(out, 12, 0));
        frame[FrameHeader.OPCODE_OFFSET] = 0x7E;
        ResponseDecoder answer = call(frame);
        assertEquals(Status.UNKNOWN_OPCODE, answer.status());
        assertEquals(12, answer.requestId());
        assertStillServing();
    }

    @Test
    void trailingBytesInBody_answerBadRequest() throws IOException {
        byte[] get = RawConnection.frame(out -> RequestEncoder.get(out, 1, 0, key("k")));
        byte[] padded = new byte[get.length + 3];
        System.arraycopy(get, 0, padded, 0, get.length);
        padded[3] += 3;
        ResponseDecoder answer = call(padded);
        assertEquals(Status.BAD_REQUEST, answer.status());
        assertStillServing();
    }

    @Test
    void garbageBytes_closeTheConnection_andNodeKeepsServing() throws IOException {
        connection.send("GET foo\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(connection.closedByPeer());
        connection.close();
        connection = new RawConnection(node.port());
        assertStillServing();
    }

    @Test
    void impossibleLength_closesTheConnection() throws IOException {
        byte[] frame = RawConnection.frame(out -> RequestEncoder.ping(out, 1, 0));
        frame[0] = (byte) 0x80;
        connection.send(frame);
        assertTrue(connection.closedByPeer());
    }

    @Test
    void truncatedFrameThenHangUp_leavesNodeServing() throws IOException {
        byte[] set = RawConnection.frame(out -> RequestEncoder.set(out, 1, 0, key("t"), new byte[1000], 0, 0, 0));
        byte[] half = new byte[set.length / 2];
        System.arraycopy(set, 0, half, 0, half.length);
        connection.send(half);
        connection.close();
        connection = new RawConnection(node.port());
        assertStillServing();
        assertEquals(Status.NOT_FOUND, call(RawConnection.frame(out -> RequestEncoder.get(out, 1, 0, key("t"))))
                .status());
    }

    @Test
    void framesDeliveredOneByteAtATime_areAnsweredNormally() throws IOException, InterruptedException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(RawConnection.frame(out -> RequestEncoder.set(out, 1, 0, key("slow"), key("drip"), 3, 0, 0)));
        stream.write(RawConnection.frame(out -> RequestEncoder.get(out, 2, 0, key("slow"))));
        connection.sendOneByteAtATime(stream.toByteArray());
        ResponseDecoder stored = connection.readFrame();
        assertEquals(1, stored.requestId());
        assertEquals(Status.OK, stored.status());
        ResponseDecoder got = connection.readFrame();
        assertEquals(2, got.requestId());
        got.readValueItem();
        assertArrayEquals(key("drip"), got.copyValue());
        assertEquals(3, got.flags());
    }

    @Test
    void tenThousandPipelinedRequests_areAllAnswered() throws IOException {
        int requests = 10_000;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < requests; i++) {
            int id = i;
            byte[] k = key("pipelined-" + (i / 2));
            stream.write(i % 2 == 0
                    ? RawConnection.frame(out -> RequestEncoder.set(out, id, 0, k, k, 0, 0, 0))
                    : RawConnection.frame(out -> RequestEncoder.get(out, id, 0, k)));
        }
        connection.send(stream.toByteArray());
        Set<Integer> answered = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            ResponseDecoder answer = connection.readFrame();
            assertEquals(Status.OK, answer.status());
            if (answer.opcode() == Opcode.GET) {
                answer.readValueItem();
                assertArrayEquals(key("pipelined-" + (answer.requestId() / 2)), answer.copyValue());
            }
            answered.add(answer.requestId());
        }
        assertEquals(requests, answered.size());
    }
}
