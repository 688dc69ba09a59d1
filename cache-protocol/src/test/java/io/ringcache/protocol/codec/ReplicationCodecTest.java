package io.ringcache.protocol.codec;

import static io.ringcache.protocol.Wire.ascii;
import static io.ringcache.protocol.Wire.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.Wire;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REPLICATE body ({@link ReplicationCodec}): records of every kind written by the encoder and read back by the
 * flyweight, and each way {@link ReplicationCodec#wrap} refuses a body. Refused bodies are written by hand so that
 * each carries exactly one fault.
 */
class ReplicationCodecTest {
    private static final long EXPIRY = 1_767_225_660_000L;
    /** {@code expiresAtMs} of an entry that never expires. */
    private static final long NO_EXPIRY = 0;

    private final List<ByteBuf> buffers = new ArrayList<>();
    private final ReplicationCodec reader = new ReplicationCodec();

    @AfterEach
    void releaseBuffers() {
        for (ByteBuf buf : buffers) {
            buf.release();
            assertEquals(0, buf.refCnt());
        }
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void recordsOfEveryKindRoundTripThroughAFrame() {
        ByteBuf out = track(Wire.alloc(256));
        int frame = ReplicationCodec.begin(out, 0x0a0b0c0d, 12, ReplicationCodec.senderId("node-7"));
        record(out, ReplicationCodec.SET, 100, EXPIRY, 0xdeadbeef, ascii("k1"), ascii("v1"));
        record(out, ReplicationCodec.TOMBSTONE, 101, 0, 0, ascii("k2"), new byte[0]);
        record(out, ReplicationCodec.TOUCH, 100, EXPIRY + 5, 0, ascii("k1"), new byte[0]);
        record(out, ReplicationCodec.SET, Long.MAX_VALUE, NO_EXPIRY, -1, ascii("empty"), new byte[0]);
        ReplicationCodec.finish(out, frame, 4);

        assertEquals(Opcode.REPLICATE, FrameHeader.opcode(out, frame));
        assertEquals(0, FrameHeader.flags(out, frame));
        assertEquals(Status.OK, FrameHeader.status(out, frame));
        assertEquals(0x0a0b0c0d, FrameHeader.requestId(out, frame));
        assertEquals(12, FrameHeader.epoch(out, frame));
        int bodyLength = 1 + 6 + 2 + ReplicationCodec.recordLength(2, 2) + ReplicationCodec.recordLength(2, 0)
                + ReplicationCodec.recordLength(2, 0) + ReplicationCodec.recordLength(5, 0);
        assertEquals(bodyLength, FrameHeader.bodyLength(out, frame));
        assertEquals(FrameHeader.HEADER_LENGTH + bodyLength, out.readableBytes());
        assertEquals(4, out.getUnsignedShort(FrameHeader.HEADER_LENGTH + 1 + 6));
        RequestDecoder requests = new RequestDecoder();
        assertEquals(Status.OK, requests.wrap(out, frame));

        assertNull(reader.wrap(out, FrameHeader.HEADER_LENGTH, bodyLength));
        assertRecord(out, ReplicationCodec.SET, 100, EXPIRY, 0xdeadbeef, "k1", "v1");
        assertRecord(out, ReplicationCodec.TOMBSTONE, 101, 0, 0, "k2", "");
        assertRecord(out, ReplicationCodec.TOUCH, 100, EXPIRY + 5, 0, "k1", "");
        assertRecord(out, ReplicationCodec.SET, Long.MAX_VALUE, NO_EXPIRY, -1, "empty", "");
        assertFalse(reader.next());
        assertFalse(reader.next());
    }

    @Test
    void largestKeyAndValueRoundTrip() {
        byte[] key = filled(Limits.MAX_KEY_LENGTH, 'k');
        byte[] value = filled(Limits.MAX_VALUE_LENGTH, 'v');
        ByteBuf out = track(Wire.alloc(Limits.MAX_VALUE_LENGTH + 1024));
        int frame = ReplicationCodec.begin(out, 1, 1, ReplicationCodec.senderId("n1"));
        record(out, ReplicationCodec.SET, 7, 0, 3, key, value);
        ReplicationCodec.finish(out, frame, 1);
        int bodyLength = FrameHeader.bodyLength(out, frame);
        assertEquals(1 + 2 + 2 + ReplicationCodec.recordLength(key.length, value.length), bodyLength);
        assertTrue(bodyLength <= Limits.maxRequestBody(Opcode.REPLICATE));

        assertNull(reader.wrap(out, FrameHeader.HEADER_LENGTH, bodyLength));
        assertTrue(reader.next());
        assertEquals(Limits.MAX_KEY_LENGTH, reader.keyLength());
        assertEquals(Limits.MAX_VALUE_LENGTH, reader.valueLength());
        assertArrayEquals(key, ByteBufUtil.getBytes(out, reader.keyOffset(), reader.keyLength()));
        assertArrayEquals(value, ByteBufUtil.getBytes(out, reader.valueOffset(), reader.valueLength()));
        assertFalse(reader.next());
    }

    @Test
    void senderIdIsItsUtf8BytesAfterALengthByte_asTheTopologyWritesIds_upTo255Bytes() {
        String id = "nœud-7:7001";
        ByteBuf frame = track(Wire.alloc(64));
        ReplicationCodec.finish(frame, ReplicationCodec.begin(frame, 5, 6, ReplicationCodec.senderId(id)), 0);
        ByteBuf expected = track(Wire.alloc(64));
        body(expected, id, 0);
        assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(frame, FrameHeader.HEADER_LENGTH,
                frame.readableBytes() - FrameHeader.HEADER_LENGTH));

        assertEquals(255, ReplicationCodec.senderId("i".repeat(255)).length);
        assertThrows(IllegalArgumentException.class, () -> ReplicationCodec.senderId("é".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> ReplicationCodec.begin(frame, 1, 1, new byte[256]));
    }

    @Test
    void bodyWithNoRecordsAndAnEmptySenderIdIsWellFormed() {
        ByteBuf body = track(Wire.buf("00 0000"));
        assertNull(reader.wrap(body, 0, 3));
        assertFalse(reader.next());
    }

    @Test
    void recordLengthIsTheFixedFieldsPlusKeyAndValue() {
        assertEquals(26, ReplicationCodec.RECORD_HEADER);
        assertEquals(26 + 3 + 3, ReplicationCodec.recordLength(3, 3));
        assertEquals(65_535, ReplicationCodec.MAX_RECORDS);
    }

    @Test
    void readerHonoursTheBodyOffsetAndLengthItIsGiven() {
        ByteBuf buf = track(Wire.alloc(64));
        buf.writeBytes(Wire.bytes("ffff ffff"));
        body(buf, "n1", 1);
        record(buf, ReplicationCodec.SET, 9, 0, 0, ascii("a"), ascii("b"));
        int length = buf.writerIndex() - 4;
        buf.writeBytes(Wire.bytes("ffff"));
        assertNull(reader.wrap(buf, 4, length));
        assertRecord(buf, ReplicationCodec.SET, 9, 0, 0, "a", "b");
        assertFalse(reader.next());
    }

    @Test
    void readerIsReusableAndStartsOverAtEachWrap() {
        ByteBuf two = track(Wire.alloc(128));
        body(two, "n1", 2);
        record(two, ReplicationCodec.SET, 1, 0, 0, ascii("a"), ascii("1"));
        record(two, ReplicationCodec.SET, 2, 0, 0, ascii("b"), ascii("2"));
        ByteBuf one = track(Wire.alloc(64));
        body(one, "n2", 1);
        record(one, ReplicationCodec.TOMBSTONE, 3, 0, 0, ascii("c"), new byte[0]);

        assertNull(reader.wrap(two, 0, two.readableBytes()));
        assertRecord(two, ReplicationCodec.SET, 1, 0, 0, "a", "1");
        assertNull(reader.wrap(one, 0, one.readableBytes()));
        assertRecord(one, ReplicationCodec.TOMBSTONE, 3, 0, 0, "c", "");
        assertFalse(reader.next());
        assertNull(reader.wrap(two, 0, two.readableBytes()));
        assertRecord(two, ReplicationCodec.SET, 1, 0, 0, "a", "1");
        assertRecord(two, ReplicationCodec.SET, 2, 0, 0, "b", "2");
        assertFalse(reader.next());
    }

    // ---------------------------------------------------------------- refusals

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void bodyShorterThanThreeBytesIsTooShort(int length) {
        ByteBuf body = track(Wire.buf("00 0000"));
        assertRefused("REPLICATE body of " + length + " bytes is too short", body, length);
    }

    @Test
    void senderIdRunningPastTheBodyIsRefused() {
        ByteBuf body = track(Wire.buf("05 6e31 00"));
        assertRefused("REPLICATE body ends inside its sender id", body, 4);
        ByteBuf noCount = track(Wire.buf("02 6e31 00"));
        assertRefused("REPLICATE body ends inside its sender id", noCount, 4);
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 4, 0x7f, (byte) 0x80, (byte) 0xff})
    void unknownKindIsRefused(byte kind) {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        record(body, kind, 1, 0, 0, ascii("a"), new byte[0]);
        assertRefused("REPLICATE record 0 has unknown kind " + kind, body, body.readableBytes());
    }

    @Test
    void emptyKeyIsRefused() {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        record(body, ReplicationCodec.SET, 1, 0, 0, new byte[0], ascii("v"));
        assertRefused("REPLICATE record 0 has a key of 0 bytes", body, body.readableBytes());
    }

    @Test
    void keyOf251BytesIsRefusedAnd250Accepted() {
        ByteBuf body = track(Wire.alloc(600));
        body(body, "n1", 1);
        record(body, ReplicationCodec.SET, 1, 0, 0, filled(251, 'k'), ascii("v"));
        assertRefused("REPLICATE record 0 has a key of 251 bytes", body, body.readableBytes());
        ByteBuf largest = track(Wire.alloc(600));
        body(largest, "n1", 1);
        record(largest, ReplicationCodec.SET, 1, 0, 0, filled(250, 'k'), ascii("v"));
        assertNull(reader.wrap(largest, 0, largest.readableBytes()));
    }

    @Test
    void valueOverOneMebibyteIsRefusedBeforeItsBytesAreLookedFor() {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        ReplicationCodec.recordHeader(body, ReplicationCodec.SET, 1, 0, 0, 1, Limits.MAX_VALUE_LENGTH + 1);
        body.writeBytes(ascii("k"));
        assertRefused("REPLICATE record 0 has a value of 1048577 bytes", body, body.readableBytes());
    }

    @Test
    void valueLengthWithItsTopBitSetIsRefused() {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        ReplicationCodec.recordHeader(body, ReplicationCodec.SET, 1, 0, 0, 1, 0x80000000);
        body.writeBytes(ascii("k"));
        assertRefused("REPLICATE record 0 has a value of -2147483648 bytes", body, body.readableBytes());
    }

    @ParameterizedTest
    @ValueSource(bytes = {ReplicationCodec.TOMBSTONE, ReplicationCodec.TOUCH})
    void valueOnARecordWithoutOneIsRefused(byte kind) {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        record(body, kind, 1, 0, 0, ascii("k"), ascii("v"));
        assertRefused("REPLICATE record 0 has a value of 1 bytes", body, body.readableBytes());
    }

    @Test
    void trailingBytesAfterTheLastRecordAreRefused() {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        record(body, ReplicationCodec.SET, 1, 0, 0, ascii("k"), ascii("v"));
        body.writeByte(0);
        assertRefused("REPLICATE body has 1 bytes after its last record", body, body.readableBytes());
    }

    @Test
    void countAboveTheRecordsPresentIsRefused() {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 2);
        record(body, ReplicationCodec.SET, 1, 0, 0, ascii("k"), ascii("v"));
        assertRefused("REPLICATE record 1 ends early", body, body.readableBytes());
    }

    @Test
    void recordEndingInsideItsFixedFieldsIsRefused() {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        record(body, ReplicationCodec.SET, 1, 0, 0, ascii("k"), ascii("v"));
        assertRefused("REPLICATE record 0 ends early", body, 5 + ReplicationCodec.RECORD_HEADER - 1);
    }

    @Test
    void recordEndingInsideItsKeyOrValueIsRefused() {
        ByteBuf body = track(Wire.alloc(64));
        body(body, "n1", 1);
        record(body, ReplicationCodec.SET, 1, 0, 0, ascii("key"), ascii("value"));
        int whole = body.readableBytes();
        assertRefused("REPLICATE record 0 ends early", body, whole - 1);
        assertRefused("REPLICATE record 0 ends early", body, whole - 5);
        assertRefused("REPLICATE record 0 ends early", body, whole - 6);
    }

    @Test
    void everyTruncationOfATwoRecordBodyIsRefused() {
        ByteBuf body = track(Wire.alloc(128));
        body(body, "n1", 2);
        record(body, ReplicationCodec.SET, 1, EXPIRY, 5, ascii("key"), ascii("value"));
        record(body, ReplicationCodec.TOMBSTONE, 2, 0, 0, ascii("gone"), new byte[0]);
        assertNull(reader.wrap(body, 0, body.readableBytes()));
        for (int length = 0; length < body.readableBytes(); length++) {
            assertNotNull(reader.wrap(body, 0, length), "body cut to " + length + " bytes");
        }
    }

    @Test
    void badSecondRecordRefusesTheWholeBody() {
        ByteBuf body = track(Wire.alloc(128));
        body(body, "n1", 2);
        record(body, ReplicationCodec.SET, 1, 0, 0, ascii("fine"), ascii("v"));
        record(body, ReplicationCodec.TOMBSTONE, 2, 0, 0, ascii("bad"), ascii("v"));
        ReplicationCodec fresh = new ReplicationCodec();
        assertEquals("REPLICATE record 1 has a value of 1 bytes", fresh.wrap(body, 0, body.readableBytes()));
        assertFalse(fresh.next());
    }

    // ---------------------------------------------------------------- helpers

    private ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    /** Writes a body's sender id and record count, without a frame header. */
    private static void body(ByteBuf out, String senderId, int count) {
        TopologyCodec.writeString(out, senderId);
        out.writeShort(count);
    }

    private static void record(ByteBuf out, byte kind, long version, long expiresAtMs, int flags, byte[] key,
            byte[] value) {
        ReplicationCodec.recordHeader(out, kind, version, expiresAtMs, flags, key.length, value.length);
        out.writeBytes(key);
        out.writeBytes(value);
    }

    private void assertRecord(ByteBuf buf, byte kind, long version, long expiresAtMs, int flags, String key,
            String value) {
        assertTrue(reader.next(), "no record left");
        assertEquals(kind, reader.kind());
        assertEquals(version, reader.version());
        assertEquals(expiresAtMs, reader.expiresAtMs());
        assertEquals(flags, reader.flags());
        assertArrayEquals(ascii(key), ByteBufUtil.getBytes(buf, reader.keyOffset(), reader.keyLength()));
        assertArrayEquals(ascii(value), ByteBufUtil.getBytes(buf, reader.valueOffset(), reader.valueLength()));
    }

    private void assertRefused(String message, ByteBuf body, int length) {
        assertEquals(message, reader.wrap(body, 0, length));
    }
}
