package io.ringcache.protocol.netty;

import static io.ringcache.protocol.Wire.compact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.ringcache.protocol.GoldenFrames;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Wire;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameDecoder} through Netty's {@link EmbeddedChannel}: framing whatever way the bytes arrive, refusing
 * garbage, skipping oversized requests without buffering them, and owning no buffer once its frames are released.
 *
 * <p>Every emitted frame is copied to hex and released. Frames cut from one buffer share its reference count, so a
 * single frame's count says little; instead every buffer a test writes must be back at 0 by the end of the test,
 * which is how a retained cumulation or a leaked slice shows.
 */
class FrameDecoderTest {
    private static final String[] RESPONSES = {GoldenFrames.GET_OK, GoldenFrames.GET_NOT_FOUND, GoldenFrames.SET_OK,
        GoldenFrames.SET_VERSION_MISMATCH, GoldenFrames.DELETE_NOT_FOUND, GoldenFrames.TOUCH_OK,
        GoldenFrames.GET_TOO_LARGE, GoldenFrames.SET_BAD_REQUEST_UTF8, GoldenFrames.MGET_OK, GoldenFrames.MSET_OK,
        GoldenFrames.MDELETE_OK, GoldenFrames.STATS_OK, GoldenFrames.PING_OK};
    private static final int CHUNK = 64 * 1024;

    /** Every buffer written into a channel; all must be released by the end of the test. */
    private final List<ByteBuf> written = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void everyWrittenBufferIsReleased() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        for (int i = 0; i < written.size(); i++) {
            assertEquals(0, written.get(i).refCnt(), "buffer " + i + " of " + written.size() + " still referenced");
        }
    }

    // ---------------------------------------------------------------- framing

    @Test
    void wholeFrameIsEmittedAsOneSliceWithItsHeader() {
        EmbeddedChannel ch = requests();
        write(ch, Wire.bytes(GoldenFrames.SET));
        assertEquals(List.of(compact(GoldenFrames.SET)), drain(ch));
    }

    @Test
    void manyFramesInOneBufferAreEmittedInOrder() {
        EmbeddedChannel ch = requests();
        write(ch, Wire.bytes(String.join("", GoldenFrames.ALL_REQUESTS)));
        assertEquals(compacted(GoldenFrames.ALL_REQUESTS), drain(ch));
    }

    @Test
    void requestsFedOneByteAtATimeMatchWholeFrames() {
        byte[] stream = Wire.bytes(String.join("", GoldenFrames.ALL_REQUESTS));
        EmbeddedChannel ch = requests();
        List<String> got = new ArrayList<>();
        for (byte b : stream) {
            write(ch, new byte[] {b});
            got.addAll(drain(ch));
        }
        assertEquals(compacted(GoldenFrames.ALL_REQUESTS), got);
    }

    @Test
    void responsesFedOneByteAtATimeMatchWholeFrames() {
        byte[] stream = Wire.bytes(String.join("", RESPONSES));
        EmbeddedChannel ch = responses();
        List<String> got = new ArrayList<>();
        for (byte b : stream) {
            write(ch, new byte[] {b});
            got.addAll(drain(ch));
        }
        assertEquals(compacted(RESPONSES), got);
    }

    @Test
    void requestStreamSplitAtEveryPositionGivesTheSameFrames() {
        assertSplitAtEveryPosition(this::requests, GoldenFrames.ALL_REQUESTS);
    }

    @Test
    void responseStreamSplitAtEveryPositionGivesTheSameFrames() {
        assertSplitAtEveryPosition(this::responses, RESPONSES);
    }

    @Test
    void partialFrameEmitsNothingUntilItsLastByteArrives() {
        byte[] frame = Wire.bytes(GoldenFrames.SET);
        EmbeddedChannel ch = requests();
        write(ch, Arrays.copyOf(frame, frame.length - 1));
        assertEquals(List.of(), drain(ch));
        write(ch, new byte[] {frame[frame.length - 1]});
        assertEquals(List.of(compact(GoldenFrames.SET)), drain(ch));
    }

    @Test
    void tenThousandPipelinedRequestsInOneBufferDecodeInOrder() {
        ByteBuf stream = Wire.alloc(10_000 * 40);
        for (int i = 0; i < 10_000; i++) {
            RequestEncoder.get(stream, i, 0, ("key-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        EmbeddedChannel ch = requests();
        written.add(stream);
        ch.writeInbound(stream);
        assertPipelinedGets(ch, 10_000);
    }

    @Test
    void tenThousandPipelinedRequestsInOddChunksDecodeInOrder() {
        ByteBuf stream = Wire.alloc(10_000 * 40);
        for (int i = 0; i < 10_000; i++) {
            RequestEncoder.get(stream, i, 0, ("key-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = Wire.array(stream);
        stream.release();
        EmbeddedChannel ch = requests();
        for (int at = 0; at < bytes.length; at += 1499) {
            write(ch, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1499)));
        }
        assertPipelinedGets(ch, 10_000);
    }

    // ---------------------------------------------------------------- garbage

    @Test
    void textProtocolIsCorruptAndNothingIsEmittedAfterIt() {
        EmbeddedChannel ch = requests();
        assertCorrupt(ch, "bad magic byte 0x66", "GET foo\r\n".getBytes(StandardCharsets.US_ASCII));
        write(ch, Wire.bytes(GoldenFrames.GET));
        assertEquals(List.of(), drain(ch));
    }

    @Test
    void textProtocolFedOneByteAtATimeIsCorruptOnItsFifthByte() {
        byte[] text = "GET foo\r\n".getBytes(StandardCharsets.US_ASCII);
        EmbeddedChannel ch = requests();
        for (int i = 0; i < 4; i++) {
            write(ch, new byte[] {text[i]});
        }
        assertCorrupt(ch, "bad magic byte 0x66", new byte[] {text[4]});
        for (int i = 5; i < text.length; i++) {
            write(ch, new byte[] {text[i]});
        }
        write(ch, Wire.bytes(GoldenFrames.PING));
        assertEquals(List.of(), drain(ch));
    }

    @Test
    void wrongVersionIsCorrupt() {
        byte[] frame = Wire.bytes(GoldenFrames.GET);
        frame[FrameHeader.VERSION_OFFSET] = 2;
        EmbeddedChannel ch = requests();
        assertCorrupt(ch, "unsupported protocol version 2", frame);
        write(ch, Wire.bytes(GoldenFrames.GET));
        assertEquals(List.of(), drain(ch));
    }

    @Test
    void wrongMagicOnAResponseIsCorrupt() {
        byte[] frame = Wire.bytes(GoldenFrames.GET_OK);
        frame[FrameHeader.MAGIC_OFFSET] = (byte) 0xCB;
        assertCorrupt(responses(), "bad magic byte 0xcb", frame);
    }

    @Test
    void framesBeforeGarbageAreEmittedAndNothingAfterIt() {
        byte[] stream = Wire.bytes(GoldenFrames.GET + GoldenFrames.PING + "deadbeefdeadbeef" + GoldenFrames.STATS);
        EmbeddedChannel ch = requests();
        assertCorrupt(ch, "bad magic byte 0xde", stream);
        assertEquals(List.of(compact(GoldenFrames.GET), compact(GoldenFrames.PING)), drain(ch));
        write(ch, Wire.bytes(GoldenFrames.STATS));
        assertEquals(List.of(), drain(ch));
    }

    @Test
    void negativeBodyLengthIsCorrupt() {
        byte[] frame = Wire.bytes(GoldenFrames.PING);
        frame[0] = (byte) 0xff;
        assertCorrupt(requests(), "impossible body length " + 0xff000000, frame);
        assertCorrupt(responses(), "impossible body length -1", header(-1, Opcode.GET, FrameHeader.FLAG_RESPONSE));
    }

    @Test
    void bodyLengthOverMaxSkippableIsCorrupt() {
        assertCorrupt(requests(), "impossible body length " + (Limits.MAX_SKIPPABLE_BODY + 1),
                header(Limits.MAX_SKIPPABLE_BODY + 1, Opcode.SET, (byte) 0));
        assertCorrupt(requests(), "impossible body length " + Integer.MAX_VALUE,
                header(Integer.MAX_VALUE, Opcode.MSET, (byte) 0));
    }

    @Test
    void responseFrameSentToARequestDecoderIsCorrupt() {
        assertCorrupt(requests(), "a response frame where a request was expected", Wire.bytes(GoldenFrames.GET_OK));
    }

    @Test
    void requestFrameSentToAResponseDecoderIsCorrupt() {
        assertCorrupt(responses(), "a request frame from a node", Wire.bytes(GoldenFrames.GET));
    }

    @Test
    void responseBodyOverMaxResponseBodyIsCorrupt() {
        EmbeddedChannel ch = responses();
        assertCorrupt(ch, "response body of " + (Limits.MAX_RESPONSE_BODY + 1) + " bytes is over the "
                + Limits.MAX_RESPONSE_BODY + "-byte limit",
                header(Limits.MAX_RESPONSE_BODY + 1, Opcode.MGET, FrameHeader.FLAG_RESPONSE));
        write(ch, Wire.bytes(GoldenFrames.PING_OK));
        assertEquals(List.of(), drain(ch));
    }

    @Test
    void responseBodyOfExactlyMaxResponseBodyIsAwaitedNotRefused() {
        EmbeddedChannel ch = responses();
        write(ch, header(Limits.MAX_RESPONSE_BODY, Opcode.MGET, FrameHeader.FLAG_RESPONSE));
        assertEquals(List.of(), drain(ch));
        assertNull(ch.readInbound());
    }

    // ---------------------------------------------------------------- oversized requests

    @Test
    void oversizedSetIsSkippedWithoutBufferingAndTheNextFrameDecodes() {
        int bodyLength = Limits.MAX_SINGLE_BODY + 1;
        EmbeddedChannel ch = requests();
        write(ch, header(bodyLength, 77, 9L, Opcode.SET));
        assertEquals(List.of(new OversizedRequest(Opcode.SET, 77, 9L, bodyLength, Limits.MAX_SINGLE_BODY).toString()),
                drain(ch));
        byte[] junk = framesAsJunk(CHUNK);
        for (int left = bodyLength; left > 0; left -= CHUNK) {
            ByteBuf chunk = write(ch, Arrays.copyOf(junk, Math.min(CHUNK, left)));
            assertEquals(0, chunk.refCnt(), "the decoder kept a chunk of the skipped body");
            assertEquals(List.of(), drain(ch));
        }
        write(ch, Wire.bytes(GoldenFrames.GET));
        assertEquals(List.of(compact(GoldenFrames.GET)), drain(ch));
    }

    @Test
    void oversizedSetInOddChunksSharingBytesWithTheNextFrameDecodesTheNextFrame() {
        int bodyLength = Limits.MAX_SINGLE_BODY + 1;
        ByteBuf stream = Wire.alloc(bodyLength + 100);
        stream.writeBytes(header(bodyLength, 78, 10L, Opcode.SET));
        byte[] junk = framesAsJunk(bodyLength);
        stream.writeBytes(junk);
        stream.writeBytes(Wire.bytes(GoldenFrames.GET + GoldenFrames.PING));
        byte[] bytes = Wire.array(stream);
        stream.release();

        EmbeddedChannel ch = requests();
        List<String> got = new ArrayList<>();
        write(ch, Arrays.copyOf(bytes, 10));
        got.addAll(drain(ch));
        for (int at = 10; at < bytes.length; at += 4093) {
            write(ch, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 4093)));
            got.addAll(drain(ch));
        }
        assertEquals(List.of(new OversizedRequest(Opcode.SET, 78, 10L, bodyLength, Limits.MAX_SINGLE_BODY).toString(),
                compact(GoldenFrames.GET), compact(GoldenFrames.PING)), got);
    }

    @Test
    void setOfExactlyMaxSingleBodyIsAFrameNotOversized() {
        int bodyLength = Limits.MAX_SINGLE_BODY;
        EmbeddedChannel ch = requests();
        write(ch, header(bodyLength, 79, 0L, Opcode.SET));
        write(ch, new byte[bodyLength]);
        Object frame = ch.readInbound();
        assertTrue(frame instanceof ByteBuf, String.valueOf(frame));
        ByteBuf buf = (ByteBuf) frame;
        assertEquals(FrameHeader.HEADER_LENGTH + bodyLength, buf.readableBytes());
        assertEquals(79, FrameHeader.requestId(buf, buf.readerIndex()));
        buf.release();
        assertNull(ch.readInbound());
    }

    @Test
    void batchBodyOverSingleCapButUnderBatchCapIsAFrame() {
        int bodyLength = Limits.MAX_SINGLE_BODY + 1;
        EmbeddedChannel ch = requests();
        write(ch, header(bodyLength, 80, 0L, Opcode.MGET));
        write(ch, new byte[bodyLength]);
        ByteBuf buf = ch.readInbound();
        assertEquals(FrameHeader.HEADER_LENGTH + bodyLength, buf.readableBytes());
        buf.release();
        assertNull(ch.readInbound());
    }

    @Test
    void oversizedBatchIsSkippedAndNamesTheBatchLimit() {
        int bodyLength = Limits.MAX_BATCH_BODY + 1;
        EmbeddedChannel ch = requests();
        write(ch, header(bodyLength, 81, 3L, Opcode.MSET));
        assertEquals(List.of(new OversizedRequest(Opcode.MSET, 81, 3L, bodyLength, Limits.MAX_BATCH_BODY).toString()),
                drain(ch));
        byte[] zeros = new byte[CHUNK];
        for (int left = bodyLength; left > 0; left -= CHUNK) {
            ByteBuf chunk = write(ch, Arrays.copyOf(zeros, Math.min(CHUNK, left)));
            assertEquals(0, chunk.refCnt(), "the decoder kept a chunk of the skipped body");
        }
        write(ch, Wire.bytes(GoldenFrames.MGET));
        assertEquals(List.of(compact(GoldenFrames.MGET)), drain(ch));
    }

    @Test
    void bodyOfExactlyMaxSkippableIsSkippedNotCorrupt() {
        EmbeddedChannel ch = requests();
        write(ch, header(Limits.MAX_SKIPPABLE_BODY, 82, 0L, Opcode.SET));
        assertEquals(List.of(new OversizedRequest(Opcode.SET, 82, 0L, Limits.MAX_SKIPPABLE_BODY,
                Limits.MAX_SINGLE_BODY).toString()), drain(ch));
    }

    @Test
    void oversizedUnknownOpcodeIsSkippedUnderTheSingleKeyCap() {
        EmbeddedChannel ch = requests();
        write(ch, header(Limits.MAX_SINGLE_BODY + 1, 83, 0L, (byte) 0x7f));
        assertEquals(List.of(new OversizedRequest((byte) 0x7f, 83, 0L, Limits.MAX_SINGLE_BODY + 1,
                Limits.MAX_SINGLE_BODY).toString()), drain(ch));
    }

    // ---------------------------------------------------------------- helpers

    private EmbeddedChannel requests() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoder.forRequests());
        channels.add(ch);
        return ch;
    }

    private EmbeddedChannel responses() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoder.forResponses());
        channels.add(ch);
        return ch;
    }

    /** Writes a copy of {@code bytes} into the channel and returns the buffer, now owned by the channel. */
    private ByteBuf write(EmbeddedChannel ch, byte[] bytes) {
        ByteBuf buf = Wire.buf(bytes);
        written.add(buf);
        ch.writeInbound(buf);
        return buf;
    }

    /**
     * Reads every message the channel has emitted: a frame becomes its hex (and is released), an
     * {@link OversizedRequest} its {@code toString()}.
     */
    private static List<String> drain(EmbeddedChannel ch) {
        List<String> got = new ArrayList<>();
        for (Object msg = ch.readInbound(); msg != null; msg = ch.readInbound()) {
            if (msg instanceof ByteBuf) {
                ByteBuf frame = (ByteBuf) msg;
                got.add(Wire.hex(frame));
                frame.release();
            } else if (msg instanceof OversizedRequest) {
                got.add(msg.toString());
            } else {
                fail("unexpected message " + msg);
            }
        }
        return got;
    }

    private void assertCorrupt(EmbeddedChannel ch, String message, byte[] bytes) {
        ByteBuf buf = Wire.buf(bytes);
        written.add(buf);
        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, () -> ch.writeInbound(buf));
        assertEquals(message, e.getMessage());
        ch.checkException();
    }

    private void assertSplitAtEveryPosition(Supplier<EmbeddedChannel> channel, String[] frames) {
        byte[] stream = Wire.bytes(String.join("", frames));
        List<String> expected = compacted(frames);
        for (int split = 0; split <= stream.length; split++) {
            EmbeddedChannel ch = channel.get();
            List<String> got = new ArrayList<>();
            write(ch, Arrays.copyOfRange(stream, 0, split));
            got.addAll(drain(ch));
            write(ch, Arrays.copyOfRange(stream, split, stream.length));
            got.addAll(drain(ch));
            assertEquals(expected, got, "split at " + split);
            assertFalse(ch.finish());
        }
    }

    private void assertPipelinedGets(EmbeddedChannel ch, int count) {
        for (int i = 0; i < count; i++) {
            ByteBuf frame = ch.readInbound();
            assertEquals(i, FrameHeader.requestId(frame, frame.readerIndex()));
            assertEquals(Opcode.GET, FrameHeader.opcode(frame, frame.readerIndex()));
            String key = frame.toString(frame.readerIndex() + FrameHeader.HEADER_LENGTH + 2,
                    frame.readableBytes() - FrameHeader.HEADER_LENGTH - 2, StandardCharsets.US_ASCII);
            assertEquals("key-" + i, key);
            frame.release();
        }
        assertNull(ch.readInbound());
    }

    /** Bytes made of valid GET frames back to back: a skipped body must not be mistaken for frames. */
    private static byte[] framesAsJunk(int length) {
        byte[] frame = Wire.bytes(GoldenFrames.GET);
        byte[] junk = new byte[length];
        for (int i = 0; i < length; i++) {
            junk[i] = frame[i % frame.length];
        }
        return junk;
    }

    private static byte[] header(int bodyLength, byte opcode, byte flags) {
        ByteBuf buf = Wire.header(bodyLength, FrameHeader.MAGIC, FrameHeader.VERSION, opcode, flags, 1, 0L);
        try {
            return Wire.array(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] header(int bodyLength, int requestId, long epoch, byte opcode) {
        ByteBuf buf = Wire.header(bodyLength, FrameHeader.MAGIC, FrameHeader.VERSION, opcode, (byte) 0, requestId,
                epoch);
        try {
            return Wire.array(buf);
        } finally {
            buf.release();
        }
    }

    private static List<String> compacted(String[] frames) {
        List<String> list = new ArrayList<>();
        for (String frame : frames) {
            list.add(compact(frame));
        }
        return list;
    }
}
