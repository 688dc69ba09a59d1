package io.ringcache.benchmarks.compare.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.benchmarks.load.KeySpace;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The requests each {@link WireProtocol} writes, and the answers it measures, byte by byte. */
class WireProtocolTest {
    private static final KeySpace KEYS = new KeySpace(1000, 10);
    private static final byte[] VALUE = "abc".getBytes(StandardCharsets.US_ASCII);

    private static String written(WireProtocol protocol, boolean get, long index) {
        ByteBuffer out = ByteBuffer.allocate(protocol.maxRequestLength());
        if (get) {
            protocol.writeGet(out, index, 7);
        } else {
            protocol.writeSet(out, index, 7);
            assertEquals(protocol.maxRequestLength(), out.position(), "a SET is the longest request");
        }
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer answer(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The answer's length, and that every shorter prefix of it measures 0 (not all in yet). */
    private static int measure(WireProtocol protocol, ByteBuffer in, boolean get, int id) {
        int length = protocol.answerLength(in, get, id);
        for (int cut = in.position(); cut < in.position() + length; cut++) {
            ByteBuffer prefix = in.duplicate();
            prefix.limit(cut);
            assertEquals(0, protocol.answerLength(prefix, get, id), "prefix of " + cut + " bytes");
        }
        return length;
    }

    @Test
    void keysAreWrittenAsKeySpaceNamesThemWithoutAllocating() {
        for (long index : new long[] {0, 9, 10, 99, 999}) {
            ByteBuffer out = ByteBuffer.allocate(12);
            out.put((byte) '>');
            KEYS.writeKey(index, out);
            assertEquals(11, out.position());
            assertArrayEquals(KEYS.key(index), Arrays.copyOfRange(out.array(), 1, 11), "key " + index);
        }
    }

    @Test
    void respWritesArraysOfBulkStrings() {
        WireProtocol resp = WireProtocol.of("redis", KEYS, VALUE);
        assertEquals("*2\r\n$3\r\nGET\r\n$10\r\nkey:42....\r\n", written(resp, true, 42));
        assertEquals("*3\r\n$3\r\nSET\r\n$10\r\nkey:42....\r\n$3\r\nabc\r\n", written(resp, false, 42));
    }

    @Test
    void respAnswersAreMeasuredWhole() {
        WireProtocol resp = WireProtocol.of("redis", KEYS, VALUE);
        assertEquals(9, measure(resp, answer("$3\r\nabc\r\n+OK"), true, 0));
        assertEquals(WireProtocol.Outcome.HIT, resp.outcome());
        assertEquals(5, measure(resp, answer("$-1\r\n"), true, 0));
        assertEquals(WireProtocol.Outcome.MISS, resp.outcome());
        assertEquals(5, measure(resp, answer("+OK\r\n"), false, 0));
        assertEquals(WireProtocol.Outcome.STORED, resp.outcome());
        assertEquals(12, measure(resp, answer("-ERR wrong\r\n"), false, 0));
        assertEquals(WireProtocol.Outcome.ERROR, resp.outcome());
        assertEquals(5, measure(resp, answer("+OK\r\n"), true, 0));
        assertEquals(WireProtocol.Outcome.ERROR, resp.outcome(), "+OK does not answer a GET");
        assertThrows(IllegalStateException.class, () -> resp.answerLength(answer(":1\r\n"), true, 0));
        assertThrows(IllegalStateException.class, () -> resp.answerLength(answer("$x\r\n"), true, 0));
    }

    @Test
    void memcachedWritesTextCommands() {
        WireProtocol memcached = WireProtocol.of("memcached", KEYS, VALUE);
        assertEquals("get key:5.....\r\n", written(memcached, true, 5));
        assertEquals("set key:5..... 0 0 3\r\nabc\r\n", written(memcached, false, 5));
    }

    @Test
    void memcachedAnswersAreMeasuredWhole() {
        WireProtocol memcached = WireProtocol.of("memcached", KEYS, VALUE);
        String hit = "VALUE key:5..... 0 3\r\nabc\r\nEND\r\n";
        assertEquals(hit.length(), measure(memcached, answer(hit + "END\r\n"), true, 0));
        assertEquals(WireProtocol.Outcome.HIT, memcached.outcome());
        assertEquals(5, measure(memcached, answer("END\r\n"), true, 0));
        assertEquals(WireProtocol.Outcome.MISS, memcached.outcome());
        assertEquals(8, measure(memcached, answer("STORED\r\n"), false, 0));
        assertEquals(WireProtocol.Outcome.STORED, memcached.outcome());
        assertEquals(28, measure(memcached, answer("SERVER_ERROR out of memory\r\n"), false, 0));
        assertEquals(WireProtocol.Outcome.ERROR, memcached.outcome());
        assertThrows(IllegalStateException.class, () -> memcached.answerLength(
                answer("VALUE key:5..... 0 3\r\nabc\r\nVALUE"), true, 0));
    }

    @Test
    void ringcacheWritesFramesAsTheProtocolLaysThemOut() {
        WireProtocol ringcache = WireProtocol.of("ringcache", KEYS, VALUE);
        ByteBuf get = Unpooled.wrappedBuffer(written(ringcache, true, 3).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(2 + 10, FrameHeader.bodyLength(get, 0));
        assertEquals(FrameHeader.MAGIC, FrameHeader.magic(get, 0));
        assertEquals(Opcode.GET, get.getByte(FrameHeader.OPCODE_OFFSET));
        assertEquals(7, get.getInt(FrameHeader.REQUEST_ID_OFFSET));
        assertEquals(10, get.getShort(FrameHeader.HEADER_LENGTH));
        assertEquals("key:3.....", get.toString(FrameHeader.HEADER_LENGTH + 2, 10, StandardCharsets.US_ASCII));
        ByteBuf set = Unpooled.wrappedBuffer(written(ringcache, false, 3).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(26 + 10 + 3, FrameHeader.bodyLength(set, 0));
        assertEquals(Opcode.SET, set.getByte(FrameHeader.OPCODE_OFFSET));
        assertEquals(3, set.getInt(FrameHeader.HEADER_LENGTH + 22));
        assertEquals("abc", set.toString(FrameHeader.HEADER_LENGTH + 36, 3, StandardCharsets.US_ASCII));
    }

    private static ByteBuffer ringcacheAnswer(short status, int id, int bodyLength) {
        ByteBuffer in = ByteBuffer.allocate(FrameHeader.HEADER_LENGTH + bodyLength + 4);
        in.putInt(bodyLength).put(FrameHeader.MAGIC).put(FrameHeader.VERSION).put(Opcode.GET)
                .put(FrameHeader.FLAG_RESPONSE).putShort(status).putShort((short) 0).putInt(id).putLong(0);
        in.position(in.position() + bodyLength).putInt(0).flip();
        return in;
    }

    @Test
    void ringcacheAnswersAreMeasuredByTheirHeaderAndMatchedById() {
        WireProtocol ringcache = WireProtocol.of("ringcache", KEYS, VALUE);
        assertEquals(24 + 27, measure(ringcache, ringcacheAnswer(Status.OK, 5, 27), true, 5));
        assertEquals(WireProtocol.Outcome.HIT, ringcache.outcome());
        assertEquals(24, measure(ringcache, ringcacheAnswer(Status.NOT_FOUND, 5, 0), true, 5));
        assertEquals(WireProtocol.Outcome.MISS, ringcache.outcome());
        assertEquals(32, measure(ringcache, ringcacheAnswer(Status.OK, 5, 8), false, 5));
        assertEquals(WireProtocol.Outcome.STORED, ringcache.outcome());
        assertEquals(24, measure(ringcache, ringcacheAnswer(Status.NOT_FOUND, 5, 0), false, 5));
        assertEquals(WireProtocol.Outcome.ERROR, ringcache.outcome());
        assertThrows(IllegalStateException.class, () -> ringcache.answerLength(ringcacheAnswer(Status.OK, 6, 8),
                false, 5), "an answer to another request");
        ByteBuffer garbage = ringcacheAnswer(Status.OK, 5, 8);
        garbage.put(FrameHeader.MAGIC_OFFSET, (byte) 0);
        assertThrows(IllegalStateException.class, () -> ringcache.answerLength(garbage, false, 5));
        ByteBuffer huge = ringcacheAnswer(Status.OK, 5, 8);
        huge.putInt(FrameHeader.LENGTH_OFFSET, 1 << 30);
        assertThrows(IllegalStateException.class, () -> ringcache.answerLength(huge, false, 5),
                "a frame larger than the read buffer could never be read whole");
    }
}
