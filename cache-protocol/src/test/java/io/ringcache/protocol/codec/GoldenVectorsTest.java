package io.ringcache.protocol.codec;

import static io.ringcache.protocol.GoldenFrames.EPOCH;
import static io.ringcache.protocol.GoldenFrames.REQUEST_ID;
import static io.ringcache.protocol.Wire.ascii;
import static io.ringcache.protocol.Wire.compact;
import static io.ringcache.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.ringcache.protocol.GoldenFrames;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.ProtocolException;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.Wire;
import io.ringcache.protocol.WriteConsistency;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Golden byte vectors: the encoders must write exactly the hand-written bytes in {@link GoldenFrames}, and the
 * decoders must read every field back from those bytes.
 */
class GoldenVectorsTest {
    private static final byte[][] KEYS = {ascii("x"), ascii("a"), ascii("bc"), ascii("y")};
    private static final byte[][] VALUES = {ascii("?"), ascii("1"), new byte[0], ascii("?")};
    /** The golden REPLICATE record's expiry: 2026-01-01T00:01:00Z in Unix milliseconds. */
    private static final long REPLICATED_EXPIRY = 1_767_225_660_000L;

    private final List<ByteBuf> buffers = new ArrayList<>();
    private final RequestDecoder requests = new RequestDecoder();
    private final ResponseDecoder responses = new ResponseDecoder();

    @AfterEach
    void releaseBuffers() {
        for (ByteBuf buf : buffers) {
            buf.release();
            assertEquals(0, buf.refCnt());
        }
    }

    // ---------------------------------------------------------------- requests: encode

    @Test
    void getRequestEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.GET, out -> RequestEncoder.get(out, REQUEST_ID, EPOCH, ascii("foo")));
    }

    @Test
    void deleteRequestEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.DELETE, out -> RequestEncoder.delete(out, REQUEST_ID, EPOCH, ascii("foo")));
    }

    @Test
    void touchRequestEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.TOUCH, out -> RequestEncoder.touch(out, REQUEST_ID, EPOCH, ascii("foo"), 60_000));
    }

    @Test
    void setRequestEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.SET, out -> RequestEncoder.set(out, REQUEST_ID, EPOCH, ascii("foo"), ascii("bar"),
                0xdeadbeef, 1000, 9));
    }

    @Test
    void mgetRequestEncodesOnlyTheKeysInItsRange() {
        assertEncodes(GoldenFrames.MGET, out -> RequestEncoder.mget(out, REQUEST_ID, EPOCH, KEYS, 1, 3));
    }

    @Test
    void mdeleteRequestEncodesOnlyTheKeysInItsRange() {
        assertEncodes(GoldenFrames.MDELETE, out -> RequestEncoder.mdelete(out, REQUEST_ID, EPOCH, KEYS, 1, 3));
    }

    @Test
    void msetRequestEncodesOnlyTheItemsInItsRange() {
        assertEncodes(GoldenFrames.MSET, out -> RequestEncoder.mset(out, REQUEST_ID, EPOCH, KEYS, VALUES, 1, 3, 5,
                30_000));
    }

    @Test
    void pingRequestEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.PING, out -> RequestEncoder.ping(out, REQUEST_ID, EPOCH));
    }

    @Test
    void statsRequestEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.STATS, out -> RequestEncoder.stats(out, REQUEST_ID, EPOCH));
    }

    @Test
    void encodersAppendAfterExistingBytesAndSetOnlyTheirOwnLength() {
        ByteBuf out = track(Wire.alloc(128));
        out.writeBytes(Wire.bytes("ffff"));
        RequestEncoder.get(out, REQUEST_ID, EPOCH, ascii("foo"));
        RequestEncoder.ping(out, REQUEST_ID, EPOCH);
        assertEquals(compact("ffff" + GoldenFrames.GET + GoldenFrames.PING), hex(out));
    }

    // ---------------------------------------------------------------- requests: decode

    @Test
    void getGoldenBytesDecodeToEveryField() {
        ByteBuf buf = wrapRequest(GoldenFrames.GET, Opcode.GET);
        assertKey(buf, "foo");
        assertEquals(0, requests.valueLength());
    }

    @Test
    void deleteGoldenBytesDecodeToEveryField() {
        ByteBuf buf = wrapRequest(GoldenFrames.DELETE, Opcode.DELETE);
        assertKey(buf, "foo");
    }

    @Test
    void touchGoldenBytesDecodeToEveryField() {
        ByteBuf buf = wrapRequest(GoldenFrames.TOUCH, Opcode.TOUCH);
        assertKey(buf, "foo");
        assertEquals(60_000, requests.ttlMs());
    }

    @Test
    void setGoldenBytesDecodeToEveryField() {
        ByteBuf buf = wrapRequest(GoldenFrames.SET, Opcode.SET);
        assertKey(buf, "foo");
        assertValue(buf, "bar");
        assertEquals(0xdeadbeef, requests.flags());
        assertEquals(1000, requests.ttlMs());
        assertEquals(9, requests.casVersion());
    }

    @Test
    void mgetGoldenBytesDecodeToEveryItemInOrder() {
        ByteBuf buf = wrapRequest(GoldenFrames.MGET, Opcode.MGET);
        assertEquals(2, requests.count());
        requests.nextItem();
        assertKey(buf, "a");
        requests.nextItem();
        assertKey(buf, "bc");
    }

    @Test
    void mdeleteGoldenBytesDecodeToEveryItemInOrder() {
        ByteBuf buf = wrapRequest(GoldenFrames.MDELETE, Opcode.MDELETE);
        assertEquals(2, requests.count());
        requests.nextItem();
        assertKey(buf, "a");
        requests.nextItem();
        assertKey(buf, "bc");
    }

    @Test
    void msetGoldenBytesDecodeToEveryItemInOrder() {
        ByteBuf buf = wrapRequest(GoldenFrames.MSET, Opcode.MSET);
        assertEquals(2, requests.count());
        requests.nextItem();
        assertKey(buf, "a");
        assertValue(buf, "1");
        assertEquals(5, requests.flags());
        assertEquals(30_000, requests.ttlMs());
        assertEquals(0, requests.casVersion());
        requests.nextItem();
        assertKey(buf, "bc");
        assertValue(buf, "");
        assertEquals(5, requests.flags());
        assertEquals(30_000, requests.ttlMs());
    }

    @Test
    void pingGoldenBytesDecodeToHeaderFields() {
        wrapRequest(GoldenFrames.PING, Opcode.PING);
        assertEquals(0, requests.count());
    }

    @Test
    void statsGoldenBytesDecodeToHeaderFields() {
        wrapRequest(GoldenFrames.STATS, Opcode.STATS);
    }

    @Test
    void headerAccessorsReadEveryGoldenHeaderField() {
        ByteBuf buf = track(Wire.buf("ffff" + GoldenFrames.SET_OK));
        assertEquals(8, FrameHeader.bodyLength(buf, 2));
        assertEquals(FrameHeader.MAGIC, FrameHeader.magic(buf, 2));
        assertEquals(FrameHeader.VERSION, FrameHeader.version(buf, 2));
        assertEquals(Opcode.SET, FrameHeader.opcode(buf, 2));
        assertEquals(FrameHeader.FLAG_RESPONSE, FrameHeader.flags(buf, 2));
        assertTrue(FrameHeader.isResponse(buf, 2));
        assertEquals(Status.OK, FrameHeader.status(buf, 2));
        assertEquals(REQUEST_ID, FrameHeader.requestId(buf, 2));
        assertEquals(EPOCH, FrameHeader.epoch(buf, 2));
    }

    // ---------------------------------------------------------------- responses: encode

    @Test
    void getOkResponseEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.GET_OK, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.GET, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.valueHeader(out, 0xdeadbeef, ResponseEncoder.NO_TTL, 0x102, 3);
            out.writeBytes(ascii("bar"));
            FrameHeader.finish(out, frame);
        });
    }

    @Test
    void emptyResponsesEncodeToGoldenBytes() {
        assertEncodes(GoldenFrames.GET_NOT_FOUND,
                out -> ResponseEncoder.empty(out, Opcode.GET, Status.NOT_FOUND, REQUEST_ID, EPOCH));
        assertEncodes(GoldenFrames.SET_VERSION_MISMATCH,
                out -> ResponseEncoder.empty(out, Opcode.SET, Status.VERSION_MISMATCH, REQUEST_ID, EPOCH));
        assertEncodes(GoldenFrames.DELETE_NOT_FOUND,
                out -> ResponseEncoder.empty(out, Opcode.DELETE, Status.NOT_FOUND, REQUEST_ID, EPOCH));
        assertEncodes(GoldenFrames.TOUCH_OK,
                out -> ResponseEncoder.empty(out, Opcode.TOUCH, Status.OK, REQUEST_ID, EPOCH));
        assertEncodes(GoldenFrames.PING_OK,
                out -> ResponseEncoder.empty(out, Opcode.PING, Status.OK, REQUEST_ID, EPOCH));
    }

    @Test
    void setOkResponseEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.SET_OK, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.SET, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.version(out, 7);
            FrameHeader.finish(out, frame);
        });
    }

    @Test
    void errorResponseEncodesLengthPrefixedMessage() {
        assertEncodes(GoldenFrames.GET_TOO_LARGE,
                out -> ResponseEncoder.error(out, Opcode.GET, Status.TOO_LARGE, REQUEST_ID, EPOCH, "key too long"));
    }

    @Test
    void errorResponseCountsMessageLengthInUtf8Bytes() {
        assertEncodes(GoldenFrames.SET_BAD_REQUEST_UTF8,
                out -> ResponseEncoder.error(out, Opcode.SET, Status.BAD_REQUEST, REQUEST_ID, EPOCH, "n\u00e9"));
    }

    @Test
    void errorResponseCutsLongMessageToAPrefixOfAtMostMaxMessageBytes() {
        String message = "x".repeat(5000);
        ByteBuf out = track(Wire.alloc(2048));
        ResponseEncoder.error(out, Opcode.GET, Status.INTERNAL, REQUEST_ID, EPOCH, message);
        int length = out.getUnsignedShort(FrameHeader.HEADER_LENGTH);
        assertTrue(length > 0 && length <= ResponseEncoder.MAX_MESSAGE_BYTES, "message length " + length);
        assertEquals(2 + length, FrameHeader.bodyLength(out, 0));
        String sent = responses.wrap(out, 0).errorMessage();
        assertTrue(message.startsWith(sent));
        responses.expectEnd();
    }

    @Test
    void errorResponseWithMultiByteCharactersStaysWithinMaxMessageBytes() {
        String message = "\u20ac".repeat(2000);
        ByteBuf out = track(Wire.alloc(4096));
        ResponseEncoder.error(out, Opcode.GET, Status.INTERNAL, REQUEST_ID, EPOCH, message);
        int length = out.getUnsignedShort(FrameHeader.HEADER_LENGTH);
        assertTrue(length <= ResponseEncoder.MAX_MESSAGE_BYTES, "message length " + length);
        assertTrue(message.startsWith(responses.wrap(out, 0).errorMessage()));
        responses.expectEnd();
    }

    @Test
    void mgetOkResponseEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.MGET_OK, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.MGET, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.count(out, 2);
            ResponseEncoder.itemStatus(out, Status.OK);
            ResponseEncoder.valueHeader(out, 1, 500, 3, 1);
            out.writeBytes(ascii("x"));
            ResponseEncoder.itemStatus(out, Status.NOT_FOUND);
            FrameHeader.finish(out, frame);
        });
    }

    @Test
    void msetOkResponseEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.MSET_OK, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.MSET, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.count(out, 2);
            ResponseEncoder.itemStatus(out, Status.OK);
            ResponseEncoder.version(out, 0x10);
            ResponseEncoder.itemStatus(out, Status.OUT_OF_MEMORY);
            ResponseEncoder.version(out, 0);
            FrameHeader.finish(out, frame);
        });
    }

    @Test
    void mdeleteOkResponseEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.MDELETE_OK, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.MDELETE, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.count(out, 3);
            ResponseEncoder.itemStatus(out, Status.OK);
            ResponseEncoder.itemStatus(out, Status.NOT_FOUND);
            ResponseEncoder.itemStatus(out, Status.OK);
            FrameHeader.finish(out, frame);
        });
    }

    @Test
    void statsOkResponseEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.STATS_OK, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.STATS, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.count(out, 2);
            ResponseEncoder.stat(out, "items", 42);
            ResponseEncoder.stat(out, "hits", 1L << 32);
            FrameHeader.finish(out, frame);
        });
    }

    // ---------------------------------------------------------------- responses: decode

    @Test
    void getOkGoldenBytesDecodeToEveryField() {
        wrapResponse(GoldenFrames.GET_OK, Opcode.GET, Status.OK);
        responses.readValueItem();
        assertEquals(0xdeadbeef, responses.flags());
        assertEquals(ResponseEncoder.NO_TTL, responses.ttlRemainingMs());
        assertEquals(0x102, responses.version());
        assertEquals(3, responses.valueLength());
        assertArrayEquals(ascii("bar"), responses.copyValue());
        responses.expectEnd();
    }

    @Test
    void emptyResponseGoldenBytesDecodeToStatusAndNoBody() {
        wrapResponse(GoldenFrames.GET_NOT_FOUND, Opcode.GET, Status.NOT_FOUND);
        responses.expectEnd();
        wrapResponse(GoldenFrames.SET_VERSION_MISMATCH, Opcode.SET, Status.VERSION_MISMATCH);
        responses.expectEnd();
        wrapResponse(GoldenFrames.DELETE_NOT_FOUND, Opcode.DELETE, Status.NOT_FOUND);
        responses.expectEnd();
        wrapResponse(GoldenFrames.TOUCH_OK, Opcode.TOUCH, Status.OK);
        responses.expectEnd();
        wrapResponse(GoldenFrames.PING_OK, Opcode.PING, Status.OK);
        responses.expectEnd();
    }

    @Test
    void setOkGoldenBytesDecodeToVersion() {
        wrapResponse(GoldenFrames.SET_OK, Opcode.SET, Status.OK);
        assertEquals(7, responses.readVersion());
        responses.expectEnd();
    }

    @Test
    void errorGoldenBytesDecodeToMessage() {
        wrapResponse(GoldenFrames.GET_TOO_LARGE, Opcode.GET, Status.TOO_LARGE);
        assertTrue(Status.isError(responses.status()));
        assertEquals("key too long", responses.errorMessage());
        responses.expectEnd();
        wrapResponse(GoldenFrames.SET_BAD_REQUEST_UTF8, Opcode.SET, Status.BAD_REQUEST);
        assertEquals("n\u00e9", responses.errorMessage());
        responses.expectEnd();
    }

    @Test
    void mgetOkGoldenBytesDecodeToEveryItemInOrder() {
        wrapResponse(GoldenFrames.MGET_OK, Opcode.MGET, Status.OK);
        assertEquals(2, responses.readCount());
        assertEquals(Status.OK, responses.readItemStatus());
        responses.readValueItem();
        assertEquals(1, responses.flags());
        assertEquals(500, responses.ttlRemainingMs());
        assertEquals(3, responses.version());
        assertArrayEquals(ascii("x"), responses.copyValue());
        assertEquals(Status.NOT_FOUND, responses.readItemStatus());
        responses.expectEnd();
    }

    @Test
    void msetOkGoldenBytesDecodeToEveryItemInOrder() {
        wrapResponse(GoldenFrames.MSET_OK, Opcode.MSET, Status.OK);
        assertEquals(2, responses.readCount());
        assertEquals(Status.OK, responses.readItemStatus());
        assertEquals(0x10, responses.readVersion());
        assertEquals(Status.OUT_OF_MEMORY, responses.readItemStatus());
        assertEquals(0, responses.readVersion());
        responses.expectEnd();
    }

    @Test
    void mdeleteOkGoldenBytesDecodeToEveryItemInOrder() {
        wrapResponse(GoldenFrames.MDELETE_OK, Opcode.MDELETE, Status.OK);
        assertEquals(3, responses.readCount());
        assertEquals(Status.OK, responses.readItemStatus());
        assertEquals(Status.NOT_FOUND, responses.readItemStatus());
        assertEquals(Status.OK, responses.readItemStatus());
        responses.expectEnd();
    }

    @Test
    void statsOkGoldenBytesDecodeToEveryFigureInOrder() {
        wrapResponse(GoldenFrames.STATS_OK, Opcode.STATS, Status.OK);
        assertEquals(2, responses.readCount());
        responses.readStat();
        assertEquals("items", responses.statName());
        assertEquals(42, responses.statValue());
        responses.readStat();
        assertEquals("hits", responses.statName());
        assertEquals(1L << 32, responses.statValue());
        responses.expectEnd();
    }

    // ---------------------------------------------------------------- responses: hostile bodies

    @Test
    void responseDecoderRefusesEveryTruncationOfGetOk() {
        byte[] golden = Wire.bytes(GoldenFrames.GET_OK);
        int body = golden.length - FrameHeader.HEADER_LENGTH;
        for (int cut = 0; cut < body; cut++) {
            ByteBuf buf = track(Wire.buf(golden));
            buf.setInt(FrameHeader.LENGTH_OFFSET, cut);
            responses.wrap(buf, 0);
            assertThrows(ProtocolException.class, responses::readValueItem, "body cut to " + cut);
        }
    }

    @Test
    void responseDecoderRefusesNegativeValueLength() {
        ByteBuf buf = track(Wire.buf(GoldenFrames.GET_OK));
        buf.setInt(FrameHeader.HEADER_LENGTH + 20, -1);
        responses.wrap(buf, 0);
        ProtocolException e = assertThrows(ProtocolException.class, responses::readValueItem);
        assertEquals("negative value length -1", e.getMessage());
    }

    @Test
    void responseDecoderRefusesErrorMessageLongerThanBody() {
        ByteBuf buf = track(Wire.buf(GoldenFrames.GET_TOO_LARGE));
        buf.setShort(FrameHeader.HEADER_LENGTH, 13);
        responses.wrap(buf, 0);
        assertThrows(ProtocolException.class, responses::errorMessage);
    }

    @Test
    void responseDecoderRefusesStatNameRunningPastBody() {
        ByteBuf buf = track(Wire.buf(GoldenFrames.STATS_OK));
        buf.setByte(FrameHeader.HEADER_LENGTH + 2 + 14, 20);
        responses.wrap(buf, 0);
        responses.readCount();
        responses.readStat();
        assertThrows(ProtocolException.class, responses::readStat);
    }

    @Test
    void responseDecoderExpectEndRefusesUnreadBytes() {
        ByteBuf buf = track(Wire.buf(GoldenFrames.SET_OK));
        responses.wrap(buf, 0);
        ProtocolException e = assertThrows(ProtocolException.class, responses::expectEnd);
        assertEquals("OK response has 8 unexpected bytes", e.getMessage());
    }

    @Test
    void responseDecoderDoesNotReadPastItsFrameIntoTheNext() {
        ByteBuf buf = track(Wire.buf(GoldenFrames.SET_VERSION_MISMATCH + GoldenFrames.SET_OK));
        responses.wrap(buf, 0);
        assertThrows(ProtocolException.class, responses::readVersion);
        responses.wrap(buf, FrameHeader.HEADER_LENGTH);
        assertEquals(7, responses.readVersion());
        responses.expectEnd();
    }

    // ---------------------------------------------------------------- replication: flags, HEARTBEAT, REPLICATE

    @Test
    void getAskingForAVersionedMissEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.GET_VERSIONED_MISS, out -> {
            int frame = out.writerIndex();
            RequestEncoder.get(out, REQUEST_ID, EPOCH, ascii("foo"));
            FrameHeader.flags(out, frame, FrameHeader.FLAG_VERSIONED_MISS);
        });
    }

    @Test
    void getAskingForAVersionedMissDecodesAsAGetRequestWithItsFlag() {
        ByteBuf buf = wrapRequest(GoldenFrames.GET_VERSIONED_MISS, Opcode.GET);
        assertKey(buf, "foo");
        assertEquals(FrameHeader.FLAG_VERSIONED_MISS, FrameHeader.flags(buf, 0));
        assertFalse(FrameHeader.isResponse(buf, 0));
    }

    @Test
    void setAtQuorumEncodesToGoldenBytesAndDecodesWithItsLevel() {
        assertEncodes(GoldenFrames.SET_QUORUM, out -> {
            int frame = out.writerIndex();
            RequestEncoder.set(out, REQUEST_ID, EPOCH, ascii("foo"), ascii("bar"), 0xdeadbeef, 1000, 9);
            FrameHeader.flags(out, frame, WriteConsistency.QUORUM.flags());
        });
        ByteBuf buf = wrapRequest(GoldenFrames.SET_QUORUM, Opcode.SET);
        assertKey(buf, "foo");
        assertValue(buf, "bar");
        assertEquals(WriteConsistency.QUORUM, WriteConsistency.ofFlags(FrameHeader.flags(buf, 0)));
        assertFalse(FrameHeader.isResponse(buf, 0));
    }

    @Test
    void heartbeatWithTransfersPausedEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.HEARTBEAT_PAUSED, out -> RequestEncoder.heartbeat(out, REQUEST_ID, EPOCH,
                RequestEncoder.HEARTBEAT_TRANSFERS_PAUSED));
        ByteBuf buf = wrapRequest(GoldenFrames.HEARTBEAT_PAUSED, Opcode.HEARTBEAT);
        assertEquals(1, requests.bodyLength());
        assertEquals(RequestEncoder.HEARTBEAT_TRANSFERS_PAUSED, buf.getUnsignedByte(requests.bodyOffset()));
    }

    @Test
    void replicateRequestEncodesToGoldenBytes() {
        assertEncodes(GoldenFrames.REPLICATE, out -> {
            int frame = ReplicationCodec.begin(out, REQUEST_ID, EPOCH, ReplicationCodec.senderId("n1"));
            ReplicationCodec.recordHeader(out, ReplicationCodec.SET, 0x102, REPLICATED_EXPIRY, 0xdeadbeef, 3, 3);
            out.writeBytes(ascii("foo"));
            out.writeBytes(ascii("bar"));
            ReplicationCodec.finish(out, frame, 1);
        });
    }

    @Test
    void replicateGoldenBytesDecodeToEveryField() {
        ByteBuf buf = wrapRequest(GoldenFrames.REPLICATE, Opcode.REPLICATE);
        assertEquals(0, FrameHeader.flags(buf, 0));
        assertEquals(ReplicationCodec.recordLength(3, 3) + 1 + 2 + 2, requests.bodyLength());
        assertEquals("n1", TopologyCodec.readString(buf.slice(requests.bodyOffset(), requests.bodyLength())));
        ReplicationCodec records = new ReplicationCodec();
        assertNull(records.wrap(buf, requests.bodyOffset(), requests.bodyLength()));
        assertTrue(records.next());
        assertEquals(ReplicationCodec.SET, records.kind());
        assertEquals(0x102, records.version());
        assertEquals(REPLICATED_EXPIRY, records.expiresAtMs());
        assertEquals(0xdeadbeef, records.flags());
        assertEquals("foo", buf.toString(records.keyOffset(), records.keyLength(), StandardCharsets.US_ASCII));
        assertEquals("bar", buf.toString(records.valueOffset(), records.valueLength(), StandardCharsets.US_ASCII));
        assertFalse(records.next());
    }

    @Test
    void replicateOkEncodesToGoldenBytesAndDecodesToTheIncarnation() {
        assertEncodes(GoldenFrames.REPLICATE_OK, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.REPLICATE, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.version(out, 0x0a0b0c0d0e0f1011L);
            FrameHeader.finish(out, frame);
        });
        wrapResponse(GoldenFrames.REPLICATE_OK, Opcode.REPLICATE, Status.OK);
        assertEquals(0x0a0b0c0d0e0f1011L, responses.readVersion());
        responses.expectEnd();
    }

    @Test
    void versionedMissAnswersEncodeToGoldenBytes() {
        assertEncodes(GoldenFrames.GET_NOT_FOUND_VERSIONED, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.GET, Status.NOT_FOUND, REQUEST_ID, EPOCH);
            ResponseEncoder.version(out, 0x102);
            FrameHeader.finish(out, frame);
        });
        assertEncodes(GoldenFrames.MGET_OK_VERSIONED, out -> {
            int frame = ResponseEncoder.begin(out, Opcode.MGET, Status.OK, REQUEST_ID, EPOCH);
            ResponseEncoder.count(out, 2);
            ResponseEncoder.itemStatus(out, Status.OK);
            ResponseEncoder.valueHeader(out, 1, 500, 3, 1);
            out.writeBytes(ascii("x"));
            ResponseEncoder.itemStatus(out, Status.NOT_FOUND);
            ResponseEncoder.version(out, 0);
            FrameHeader.finish(out, frame);
        });
    }

    @Test
    void versionedMissAnswersDecodeToTheTombstoneVersion() {
        wrapResponse(GoldenFrames.GET_NOT_FOUND_VERSIONED, Opcode.GET, Status.NOT_FOUND);
        assertEquals(0x102, responses.readVersion());
        responses.expectEnd();
        wrapResponse(GoldenFrames.MGET_OK_VERSIONED, Opcode.MGET, Status.OK);
        assertEquals(2, responses.readCount());
        assertEquals(Status.OK, responses.readItemStatus());
        responses.readValueItem();
        assertEquals(3, responses.version());
        assertArrayEquals(ascii("x"), responses.copyValue());
        assertEquals(Status.NOT_FOUND, responses.readItemStatus());
        assertEquals(0, responses.readVersion());
        responses.expectEnd();
    }

    // ---------------------------------------------------------------- helpers

    private ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    private void assertEncodes(String golden, Consumer<ByteBuf> encoder) {
        ByteBuf out = track(Wire.alloc(16));
        encoder.accept(out);
        assertEquals(compact(golden), hex(out));
    }

    private ByteBuf wrapRequest(String golden, byte opcode) {
        ByteBuf buf = track(Wire.buf(golden));
        assertEquals(Status.OK, requests.wrap(buf, 0), () -> requests.errorMessage());
        assertNull(requests.errorMessage());
        assertEquals(opcode, requests.opcode());
        assertEquals(REQUEST_ID, requests.requestId());
        assertEquals(EPOCH, requests.epoch());
        assertEquals(buf, requests.buffer());
        return buf;
    }

    private void wrapResponse(String golden, byte opcode, short status) {
        ByteBuf buf = track(Wire.buf(golden));
        responses.wrap(buf, 0);
        assertEquals(opcode, responses.opcode());
        assertEquals(status, responses.status());
        assertEquals(REQUEST_ID, responses.requestId());
        assertEquals(EPOCH, responses.epoch());
    }

    private void assertKey(ByteBuf buf, String key) {
        assertEquals(key.length(), requests.keyLength());
        assertEquals(key, buf.toString(requests.keyOffset(), requests.keyLength(), StandardCharsets.US_ASCII));
    }

    private void assertValue(ByteBuf buf, String value) {
        assertEquals(value.length(), requests.valueLength());
        assertArrayEquals(ascii(value), ByteBufUtil.getBytes(buf, requests.valueOffset(), requests.valueLength()));
    }
}
