package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes response frames, piece by piece, so a node can copy values straight from its store into the output
 * buffer. Allocates nothing.
 *
 * <p>Body layouts (big-endian):
 * <pre>
 * any error status      u16 messageLength | UTF-8 message
 * GET OK                u32 flags | i64 ttlRemainingMs (-1: none) | i64 version | u32 valueLength | value
 * SET OK                i64 version
 * DELETE, TOUCH, PING   (empty; DELETE and TOUCH answer OK or NOT_FOUND)
 * MGET OK               u16 count | count x (u16 status | when OK: the GET OK body)
 * MSET OK               u16 count | count x (u16 status | i64 version)
 * MDELETE OK            u16 count | count x (u16 status)
 * STATS OK              u16 count | count x (u8 nameLength | ASCII name | i64 value)
 * TOPOLOGY OK           a topology, as {@link TopologyCodec} writes it (epoch 0 and no nodes: none yet)
 * TOPOLOGY_PUSH OK      (empty)
 * HEARTBEAT OK          the node's {@link NodeReport}
 * REGISTER OK           (empty)
 * ADMIN OK              UTF-8 JSON document
 * MANAGER_PING OK       the answering manager's {@link ManagerState}
 * </pre>
 * Batch answers list their items in request order.
 */
public final class ResponseEncoder {
    /** Error messages are cut to this many bytes. */
    public static final int MAX_MESSAGE_BYTES = 1024;
    /** GET OK body before the value bytes. */
    public static final int VALUE_HEADER_LENGTH = 4 + 8 + 8 + 4;
    /** {@code ttlRemainingMs} of an entry without expiry. */
    public static final long NO_TTL = -1;

    private ResponseEncoder() {
    }

    /** Appends a response header; write the body, then {@link FrameHeader#finish}. Returns the frame index. */
    public static int begin(ByteBuf out, byte opcode, short status, int requestId, long epoch) {
        return FrameHeader.begin(out, opcode, FrameHeader.FLAG_RESPONSE, status, requestId, epoch);
    }

    /** Appends a whole response with an empty body. */
    public static void empty(ByteBuf out, byte opcode, short status, int requestId, long epoch) {
        FrameHeader.finish(out, begin(out, opcode, status, requestId, epoch));
    }

    /** Appends a whole error response carrying {@code message}. */
    public static void error(ByteBuf out, byte opcode, short status, int requestId, long epoch, String message) {
        int frame = begin(out, opcode, status, requestId, epoch);
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, fitMessage(message));
        out.setShort(lengthAt, written);
        FrameHeader.finish(out, frame);
    }

    /** Appends a GET OK body's fields before the value; the caller writes exactly {@code valueLength} bytes next. */
    public static void valueHeader(ByteBuf out, int flags, long ttlRemainingMs, long version, int valueLength) {
        out.writeInt(flags);
        out.writeLong(ttlRemainingMs);
        out.writeLong(version);
        out.writeInt(valueLength);
    }

    /** Appends a batch answer's item count. */
    public static void count(ByteBuf out, int count) {
        out.writeShort(count);
    }

    /** Appends a batch item's status. */
    public static void itemStatus(ByteBuf out, short status) {
        out.writeShort(status);
    }

    /** Appends a version (SET OK body, MSET item). */
    public static void version(ByteBuf out, long version) {
        out.writeLong(version);
    }

    /** Appends one STATS figure; {@code name} is ASCII, at most 255 characters. */
    public static void stat(ByteBuf out, String name, long value) {
        if (name.length() > 255) {
            throw new IllegalArgumentException("stat name must be at most 255 characters, was " + name.length());
        }
        out.writeByte(name.length());
        ByteBufUtil.writeAscii(out, name);
        out.writeLong(value);
    }

    /** The longest prefix of {@code message} whose UTF-8 fits in {@link #MAX_MESSAGE_BYTES}, never half a pair. */
    private static String fitMessage(String message) {
        if (ByteBufUtil.utf8Bytes(message) <= MAX_MESSAGE_BYTES) {
            return message;
        }
        int end = Math.min(message.length(), MAX_MESSAGE_BYTES);
        while (ByteBufUtil.utf8Bytes(message, 0, end) > MAX_MESSAGE_BYTES) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end);
    }
}
