package io.ringcache.protocol.codec;

import static io.ringcache.protocol.Wire.ascii;
import static io.ringcache.protocol.Wire.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.ringcache.protocol.GoldenFrames;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RequestDecoder#wrap} against every protocol limit and every way a body can disagree with its declared
 * lengths. Frames are written by hand so that each carries exactly one fault.
 */
class RequestDecoderValidationTest {
    private static final byte[] KEY = ascii("key");

    private final List<ByteBuf> buffers = new ArrayList<>();
    private final RequestDecoder decoder = new RequestDecoder();

    @AfterEach
    void releaseBuffers() {
        for (ByteBuf buf : buffers) {
            buf.release();
            assertEquals(0, buf.refCnt());
        }
    }

    // ---------------------------------------------------------------- keys

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.GET, Opcode.DELETE, Opcode.TOUCH, Opcode.SET, Opcode.MGET, Opcode.MDELETE,
        Opcode.MSET})
    void emptyKeyIsBadRequest(byte opcode) {
        assertRefused(Status.BAD_REQUEST, "key length must be 1..250, was 0", frameWithKey(opcode, new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.GET, Opcode.DELETE, Opcode.TOUCH, Opcode.SET, Opcode.MGET, Opcode.MDELETE,
        Opcode.MSET})
    void keyOfMaxLengthIsAccepted(byte opcode) {
        byte[] key = filled(Limits.MAX_KEY_LENGTH, 'k');
        ByteBuf buf = frameWithKey(opcode, key);
        assertAccepted(buf);
        if (Opcode.isBatch(opcode)) {
            decoder.nextItem();
        }
        assertEquals(Limits.MAX_KEY_LENGTH, decoder.keyLength());
        assertArrayEquals(key, ByteBufUtil.getBytes(buf, decoder.keyOffset(), decoder.keyLength()));
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.GET, Opcode.DELETE, Opcode.TOUCH, Opcode.SET, Opcode.MGET, Opcode.MDELETE,
        Opcode.MSET})
    void keyOneOverMaxLengthIsTooLargeAndMessageNamesLimitAndLength(byte opcode) {
        assertRefused(Status.TOO_LARGE, "key length must be 1..250, was 251",
                frameWithKey(opcode, filled(Limits.MAX_KEY_LENGTH + 1, 'k')));
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.GET, Opcode.DELETE, Opcode.TOUCH, Opcode.SET, Opcode.MGET, Opcode.MDELETE,
        Opcode.MSET})
    void keyOfLargestEncodableLengthIsTooLarge(byte opcode) {
        assertRefused(Status.TOO_LARGE, "key length must be 1..250, was 65535",
                frameWithKey(opcode, filled(65535, 'k')));
    }

    // ---------------------------------------------------------------- values

    @Test
    void setValueOfMaxLengthIsAccepted() {
        byte[] value = filled(Limits.MAX_VALUE_LENGTH, 'v');
        ByteBuf buf = frame(Opcode.SET, b -> setBody(b, KEY, 0, 0, value.length, value));
        assertAccepted(buf);
        assertEquals(Limits.MAX_VALUE_LENGTH, decoder.valueLength());
        assertEquals(FrameHeader.HEADER_LENGTH + 26 + KEY.length, decoder.valueOffset());
        assertEquals(buf.writerIndex(), decoder.valueOffset() + decoder.valueLength());
    }

    @Test
    void setValueOneOverMaxLengthIsTooLarge() {
        byte[] value = filled(Limits.MAX_VALUE_LENGTH + 1, 'v');
        assertRefused(Status.TOO_LARGE, "value length must be at most 1048576, was 1048577",
                frame(Opcode.SET, b -> setBody(b, KEY, 0, 0, value.length, value)));
    }

    @Test
    void msetValueOfMaxLengthIsAcceptedAndOneMoreIsTooLarge() {
        byte[] max = filled(Limits.MAX_VALUE_LENGTH, 'v');
        assertAccepted(frame(Opcode.MSET, b -> {
            b.writeShort(1);
            msetItem(b, KEY, 0, max.length, max);
        }));
        byte[] over = filled(Limits.MAX_VALUE_LENGTH + 1, 'v');
        assertRefused(Status.TOO_LARGE, "value length must be at most 1048576, was 1048577",
                frame(Opcode.MSET, b -> {
                    b.writeShort(1);
                    msetItem(b, KEY, 0, over.length, over);
                }));
    }

    /** The value length is a u32 on the wire, so a "negative" i32 is a length of over 2 GiB: too large. */
    @Test
    void setValueLengthWithTopBitSetIsTooLargeAndReportedUnsigned() {
        assertRefused(Status.TOO_LARGE, "value length must be at most 1048576, was 4294967295",
                frame(Opcode.SET, b -> setBody(b, KEY, 0, 0, -1, new byte[0])));
        assertRefused(Status.TOO_LARGE, "value length must be at most 1048576, was 2147483648",
                frame(Opcode.SET, b -> setBody(b, KEY, 0, 0, Integer.MIN_VALUE, new byte[0])));
    }

    @Test
    void msetValueLengthWithTopBitSetIsTooLarge() {
        assertRefused(Status.TOO_LARGE, "value length must be at most 1048576, was 4294967295",
                frame(Opcode.MSET, b -> {
                    b.writeShort(1);
                    msetItem(b, KEY, 0, -1, new byte[0]);
                }));
    }

    // ---------------------------------------------------------------- batches

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.MGET, Opcode.MDELETE, Opcode.MSET})
    void batchOfMaxKeysIsAcceptedAndYieldsEveryItem(byte opcode) {
        ByteBuf buf = batch(opcode, Limits.MAX_BATCH_KEYS, -1, null);
        assertAccepted(buf);
        assertEquals(Limits.MAX_BATCH_KEYS, decoder.count());
        for (int i = 0; i < Limits.MAX_BATCH_KEYS; i++) {
            decoder.nextItem();
            String key = buf.toString(decoder.keyOffset(), decoder.keyLength(), StandardCharsets.US_ASCII);
            assertEquals(batchKey(i), key);
        }
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.MGET, Opcode.MDELETE, Opcode.MSET})
    void batchOneOverMaxKeysIsTooLarge(byte opcode) {
        assertRefused(Status.TOO_LARGE, "batch must hold at most 1000 keys, was 1001",
                batch(opcode, Limits.MAX_BATCH_KEYS + 1, -1, null));
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.MGET, Opcode.MDELETE, Opcode.MSET})
    void batchCountIsUnsigned(byte opcode) {
        assertRefused(Status.TOO_LARGE, "batch must hold at most 1000 keys, was 65535",
                frame(opcode, b -> b.writeShort(0xffff)));
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.MGET, Opcode.MDELETE, Opcode.MSET})
    void batchWhose500thItemHasAnEmptyKeyIsRefusedWhole(byte opcode) {
        assertRefused(Status.BAD_REQUEST, "key length must be 1..250, was 0",
                batch(opcode, Limits.MAX_BATCH_KEYS, 499, new byte[0]));
        assertEquals(0, decoder.count());
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.MGET, Opcode.MDELETE, Opcode.MSET})
    void batchWhose500thItemHasAnOversizedKeyIsRefusedWhole(byte opcode) {
        assertRefused(Status.TOO_LARGE, "key length must be 1..250, was 251",
                batch(opcode, Limits.MAX_BATCH_KEYS, 499, filled(251, 'k')));
        assertEquals(0, decoder.count());
    }

    @Test
    void msetWhose500thItemHasABadTtlIsRefusedWhole() {
        assertRefused(Status.BAD_REQUEST, "ttl must be 0.." + Limits.MAX_TTL_MS + " ms, was -1",
                frame(Opcode.MSET, b -> {
                    b.writeShort(1000);
                    for (int i = 0; i < 1000; i++) {
                        msetItem(b, ascii(batchKey(i)), i == 499 ? -1 : 0, 1, ascii("v"));
                    }
                }));
        assertEquals(0, decoder.count());
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.MGET, Opcode.MDELETE})
    void keyBatchItemsAreYieldedInOrder(byte opcode) {
        ByteBuf buf = frame(opcode, b -> {
            b.writeShort(3);
            keyItem(b, ascii("one"));
            keyItem(b, ascii("k2"));
            keyItem(b, filled(250, 'z'));
        });
        assertAccepted(buf);
        assertEquals(3, decoder.count());
        decoder.nextItem();
        assertItem(buf, "one", "");
        decoder.nextItem();
        assertItem(buf, "k2", "");
        decoder.nextItem();
        assertItem(buf, "z".repeat(250), "");
    }

    @Test
    void msetItemsAreYieldedInOrderWithTheirOwnFlagsAndTtl() {
        ByteBuf buf = frame(Opcode.MSET, b -> {
            b.writeShort(3);
            msetItem(b, ascii("one"), 0, 3, ascii("111"), 0x01020304);
            msetItem(b, ascii("k2"), Limits.MAX_TTL_MS, 0, new byte[0], -1);
            msetItem(b, ascii("three"), 5, 1, ascii("3"), 0);
        });
        assertAccepted(buf);
        assertEquals(3, decoder.count());
        decoder.nextItem();
        assertItem(buf, "one", "111");
        assertEquals(0x01020304, decoder.flags());
        assertEquals(0, decoder.ttlMs());
        decoder.nextItem();
        assertItem(buf, "k2", "");
        assertEquals(-1, decoder.flags());
        assertEquals(Limits.MAX_TTL_MS, decoder.ttlMs());
        decoder.nextItem();
        assertItem(buf, "three", "3");
        assertEquals(0, decoder.flags());
        assertEquals(5, decoder.ttlMs());
        assertEquals(0, decoder.casVersion());
    }

    // ---------------------------------------------------------------- TTL and CAS

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.TOUCH, Opcode.SET, Opcode.MSET})
    void ttlZeroAndMaxAreAccepted(byte opcode) {
        assertAccepted(frameWithTtl(opcode, 0));
        readFirstItem(opcode);
        assertEquals(0, decoder.ttlMs());
        assertAccepted(frameWithTtl(opcode, Limits.MAX_TTL_MS));
        readFirstItem(opcode);
        assertEquals(Limits.MAX_TTL_MS, decoder.ttlMs());
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.TOUCH, Opcode.SET, Opcode.MSET})
    void negativeTtlIsBadRequest(byte opcode) {
        assertRefused(Status.BAD_REQUEST, "ttl must be 0.." + Limits.MAX_TTL_MS + " ms, was -1",
                frameWithTtl(opcode, -1));
        assertRefused(Status.BAD_REQUEST, "ttl must be 0.." + Limits.MAX_TTL_MS + " ms, was " + Long.MIN_VALUE,
                frameWithTtl(opcode, Long.MIN_VALUE));
    }

    @ParameterizedTest
    @ValueSource(bytes = {Opcode.TOUCH, Opcode.SET, Opcode.MSET})
    void ttlAboveMaxIsBadRequest(byte opcode) {
        long over = Limits.MAX_TTL_MS + 1;
        assertRefused(Status.BAD_REQUEST, "ttl must be 0.." + Limits.MAX_TTL_MS + " ms, was " + over,
                frameWithTtl(opcode, over));
        assertRefused(Status.BAD_REQUEST, "ttl must be 0.." + Limits.MAX_TTL_MS + " ms, was " + Long.MAX_VALUE,
                frameWithTtl(opcode, Long.MAX_VALUE));
    }

    @Test
    void negativeCasVersionIsBadRequest() {
        assertRefused(Status.BAD_REQUEST, "compare-and-set version must not be negative, was -1",
                frame(Opcode.SET, b -> setBody(b, KEY, 0, -1, 1, ascii("v"))));
        assertRefused(Status.BAD_REQUEST, "compare-and-set version must not be negative, was " + Long.MIN_VALUE,
                frame(Opcode.SET, b -> setBody(b, KEY, 0, Long.MIN_VALUE, 1, ascii("v"))));
    }

    @Test
    void casVersionZeroAndLargestAreAccepted() {
        assertAccepted(frame(Opcode.SET, b -> setBody(b, KEY, 0, 0, 1, ascii("v"))));
        assertEquals(0, decoder.casVersion());
        assertAccepted(frame(Opcode.SET, b -> setBody(b, KEY, 0, Long.MAX_VALUE, 1, ascii("v"))));
        assertEquals(Long.MAX_VALUE, decoder.casVersion());
    }

    // ---------------------------------------------------------------- body length disagreements

    @Test
    void everyTruncationOfEverySingleKeyRequestIsBadRequest() {
        assertEveryTruncationRefused("GET", GoldenFrames.GET);
        assertEveryTruncationRefused("DELETE", GoldenFrames.DELETE);
        assertEveryTruncationRefused("TOUCH", GoldenFrames.TOUCH);
        assertEveryTruncationRefused("SET", GoldenFrames.SET);
    }

    @Test
    void everyTruncationOfEveryBatchRequestIsBadRequest() {
        assertEveryTruncationRefused("MGET", GoldenFrames.MGET);
        assertEveryTruncationRefused("MDELETE", GoldenFrames.MDELETE);
        assertEveryTruncationRefused("MSET", GoldenFrames.MSET);
    }

    @Test
    void truncatedBodyMessageSaysTheBodyEndsEarly() {
        ByteBuf buf = track(Wire.buf(GoldenFrames.SET));
        buf.setInt(FrameHeader.LENGTH_OFFSET, 10);
        assertRefused(Status.BAD_REQUEST, "SET body ends before its declared fields (10 bytes)", buf);
        ByteBuf batch = track(Wire.buf(GoldenFrames.MGET));
        batch.setInt(FrameHeader.LENGTH_OFFSET, 1);
        assertRefused(Status.BAD_REQUEST, "MGET body is too short for its key count", batch);
    }

    @Test
    void trailingByteAfterLastFieldIsBadRequest() {
        assertTrailingByteRefused(GoldenFrames.GET, "GET body has 1 bytes after its last field");
        assertTrailingByteRefused(GoldenFrames.DELETE, "DELETE body has 1 bytes after its last field");
        assertTrailingByteRefused(GoldenFrames.TOUCH, "TOUCH body has 1 bytes after its last field");
        assertTrailingByteRefused(GoldenFrames.SET, "SET body has 1 bytes after its last field");
    }

    @Test
    void trailingByteAfterLastItemIsBadRequest() {
        assertTrailingByteRefused(GoldenFrames.MGET, "MGET body has 1 bytes after its last item");
        assertTrailingByteRefused(GoldenFrames.MDELETE, "MDELETE body has 1 bytes after its last item");
        assertTrailingByteRefused(GoldenFrames.MSET, "MSET body has 1 bytes after its last item");
    }

    @Test
    void bodyOnPingOrStatsIsBadRequest() {
        assertTrailingByteRefused(GoldenFrames.PING, "PING body has 1 bytes after its last field");
        assertTrailingByteRefused(GoldenFrames.STATS, "STATS body has 1 bytes after its last field");
    }

    @Test
    void bytesOfTheNextFrameAreNotTakenAsPartOfTheBody() {
        ByteBuf buf = track(Wire.buf(GoldenFrames.SET + GoldenFrames.GET));
        int second = Wire.bytes(GoldenFrames.SET).length;
        assertAccepted(buf);
        assertEquals(Opcode.SET, decoder.opcode());
        assertEquals(Status.OK, decoder.wrap(buf, second));
        assertEquals(Opcode.GET, decoder.opcode());
        assertEquals(second + FrameHeader.HEADER_LENGTH + 2, decoder.keyOffset());
        assertEquals(3, decoder.keyLength());
    }

    // ---------------------------------------------------------------- opcodes and reuse

    @ParameterizedTest
    @ValueSource(bytes = {0x00, 0x05, 0x13, 0x22, 0x7f, (byte) 0x80, (byte) 0xff})
    void unknownOpcodeIsUnknownOpcode(byte opcode) {
        assertRefused(Status.UNKNOWN_OPCODE, "unknown opcode 0x" + Integer.toHexString(opcode & 0xff),
                frame(opcode, b -> keyItem(b, KEY)));
    }

    @Test
    void decoderIsReusableAfterARefusal() {
        assertRefused(Status.BAD_REQUEST, "key length must be 1..250, was 0", frameWithKey(Opcode.GET, new byte[0]));
        assertAccepted(frameWithKey(Opcode.GET, KEY));
        assertEquals(3, decoder.keyLength());
    }

    @Test
    void batchCountIsResetByTheNextWrap() {
        assertAccepted(frame(Opcode.MGET, b -> {
            b.writeShort(1);
            keyItem(b, KEY);
        }));
        assertEquals(1, decoder.count());
        assertAccepted(frameWithKey(Opcode.GET, KEY));
        assertEquals(0, decoder.count());
    }

    // ---------------------------------------------------------------- helpers

    private ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    private ByteBuf frame(byte opcode, Consumer<ByteBuf> body) {
        return track(Wire.request(opcode, body));
    }

    /** A request of the opcode whose (first and only) key is {@code key}, all other fields valid. */
    private ByteBuf frameWithKey(byte opcode, byte[] key) {
        return frame(opcode, b -> {
            switch (opcode) {
                case Opcode.GET:
                case Opcode.DELETE:
                    keyItem(b, key);
                    break;
                case Opcode.TOUCH:
                    b.writeShort(key.length);
                    b.writeLong(1000);
                    b.writeBytes(key);
                    break;
                case Opcode.SET:
                    setBody(b, key, 1000, 0, 1, ascii("v"));
                    break;
                case Opcode.MSET:
                    b.writeShort(1);
                    msetItem(b, key, 1000, 1, ascii("v"));
                    break;
                default:
                    b.writeShort(1);
                    keyItem(b, key);
                    break;
            }
        });
    }

    private ByteBuf frameWithTtl(byte opcode, long ttl) {
        return frame(opcode, b -> {
            if (opcode == Opcode.TOUCH) {
                b.writeShort(KEY.length);
                b.writeLong(ttl);
                b.writeBytes(KEY);
            } else if (opcode == Opcode.SET) {
                setBody(b, KEY, ttl, 0, 1, ascii("v"));
            } else {
                b.writeShort(1);
                msetItem(b, KEY, ttl, 1, ascii("v"));
            }
        });
    }

    /** A batch of {@code count} items with keys {@code k0, k1, ...}, except item {@code badIndex} gets {@code bad}. */
    private ByteBuf batch(byte opcode, int count, int badIndex, byte[] bad) {
        return frame(opcode, b -> {
            b.writeShort(count);
            for (int i = 0; i < count; i++) {
                byte[] key = i == badIndex ? bad : ascii(batchKey(i));
                if (opcode == Opcode.MSET) {
                    msetItem(b, key, 0, 1, ascii("v"));
                } else {
                    keyItem(b, key);
                }
            }
        });
    }

    private static String batchKey(int i) {
        return "k" + i;
    }

    private static void keyItem(ByteBuf b, byte[] key) {
        b.writeShort(key.length);
        b.writeBytes(key);
    }

    private static void setBody(ByteBuf b, byte[] key, long ttl, long cas, int valueLengthField, byte[] value) {
        b.writeShort(key.length);
        b.writeInt(0);
        b.writeLong(ttl);
        b.writeLong(cas);
        b.writeInt(valueLengthField);
        b.writeBytes(key);
        b.writeBytes(value);
    }

    private static void msetItem(ByteBuf b, byte[] key, long ttl, int valueLengthField, byte[] value) {
        msetItem(b, key, ttl, valueLengthField, value, 0);
    }

    private static void msetItem(ByteBuf b, byte[] key, long ttl, int valueLengthField, byte[] value, int flags) {
        b.writeShort(key.length);
        b.writeInt(flags);
        b.writeLong(ttl);
        b.writeInt(valueLengthField);
        b.writeBytes(key);
        b.writeBytes(value);
    }

    private void readFirstItem(byte opcode) {
        if (Opcode.isBatch(opcode)) {
            decoder.nextItem();
        }
    }

    private void assertAccepted(ByteBuf buf) {
        assertEquals(Status.OK, decoder.wrap(buf, 0), decoder::errorMessage);
        assertNull(decoder.errorMessage());
    }

    private void assertRefused(short status, String message, ByteBuf buf) {
        short got = decoder.wrap(buf, 0);
        assertEquals(Status.name(status), Status.name(got), decoder::errorMessage);
        assertEquals(message, decoder.errorMessage());
    }

    private void assertItem(ByteBuf buf, String key, String value) {
        assertArrayEquals(ascii(key), ByteBufUtil.getBytes(buf, decoder.keyOffset(), decoder.keyLength()));
        assertArrayEquals(ascii(value), ByteBufUtil.getBytes(buf, decoder.valueOffset(), decoder.valueLength()));
    }

    /** Every body length short of the full body, with the real bytes still in the buffer past the body's end. */
    private void assertEveryTruncationRefused(String name, String golden) {
        byte[] bytes = Wire.bytes(golden);
        int body = bytes.length - FrameHeader.HEADER_LENGTH;
        for (int cut = 0; cut < body; cut++) {
            ByteBuf buf = track(Wire.buf(bytes));
            buf.setInt(FrameHeader.LENGTH_OFFSET, cut);
            short status = decoder.wrap(buf, 0);
            assertEquals(Status.name(Status.BAD_REQUEST), Status.name(status),
                    name + " cut to " + cut + ": " + decoder.errorMessage());
        }
    }

    private void assertTrailingByteRefused(String golden, String message) {
        ByteBuf buf = track(Wire.buf(golden + "00"));
        buf.setInt(FrameHeader.LENGTH_OFFSET, buf.getInt(FrameHeader.LENGTH_OFFSET) + 1);
        assertRefused(Status.BAD_REQUEST, message, buf);
    }
}
