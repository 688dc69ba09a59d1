package io.ringcache.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.ringcache.protocol.codec.FrameHeader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Test helpers for building and printing wire bytes. Buffers come from the default (pooled, leak-tracked) allocator so
 * that paranoid leak detection sees every buffer a test forgets to release.
 */
public final class Wire {
    private static final HexFormat HEX = HexFormat.of();

    private Wire() {
    }

    /** Bytes written as hex, whitespace ignored. */
    public static byte[] bytes(String hex) {
        return HEX.parseHex(hex.replaceAll("\\s+", ""));
    }

    /** A new leak-tracked buffer holding the hex bytes. */
    public static ByteBuf buf(String hex) {
        return buf(bytes(hex));
    }

    /** A new leak-tracked buffer holding a copy of {@code bytes}. */
    public static ByteBuf buf(byte[] bytes) {
        ByteBuf buf = alloc(bytes.length);
        buf.writeBytes(bytes);
        return buf;
    }

    /** A new empty leak-tracked buffer. */
    public static ByteBuf alloc(int initialCapacity) {
        return ByteBufAllocator.DEFAULT.directBuffer(initialCapacity);
    }

    /** The readable bytes of {@code buf} as lower-case hex, without moving its reader index. */
    public static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    /** Hex with whitespace removed, to compare with {@link #hex(ByteBuf)}. */
    public static String compact(String hex) {
        return hex.replaceAll("\\s+", "").toLowerCase();
    }

    /** The readable bytes of {@code buf} as an array, without moving its reader index. */
    public static byte[] array(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** US-ASCII bytes of {@code s}. */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code length} bytes of {@code fill}. */
    public static byte[] filled(int length, char fill) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    /** Appends a request frame with a hand-written body to {@code out}. */
    public static void request(ByteBuf out, byte opcode, int requestId, Consumer<ByteBuf> body) {
        int frame = FrameHeader.begin(out, opcode, (byte) 0, Status.OK, requestId, 0L);
        body.accept(out);
        FrameHeader.finish(out, frame);
    }

    /** A new buffer holding one request frame with a hand-written body. */
    public static ByteBuf request(byte opcode, Consumer<ByteBuf> body) {
        ByteBuf out = alloc(64);
        request(out, opcode, 1, body);
        return out;
    }

    /** A frame header with any field values, body length included, for frames the encoders would never write. */
    public static ByteBuf header(int bodyLength, byte magic, byte version, byte opcode, byte flags, int requestId,
            long epoch) {
        ByteBuf out = alloc(FrameHeader.HEADER_LENGTH);
        out.writeInt(bodyLength);
        out.writeByte(magic);
        out.writeByte(version);
        out.writeByte(opcode);
        out.writeByte(flags);
        out.writeShort(0);
        out.writeShort(0);
        out.writeInt(requestId);
        out.writeLong(epoch);
        return out;
    }
}
