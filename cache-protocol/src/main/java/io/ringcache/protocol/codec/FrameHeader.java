package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;

/**
 * Layout of the 24-byte header that starts every frame, requests and responses alike. All integers are big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  body length (int32, bytes)                   |  0
 *  +---------------+---------------+---------------+---------------+
 *  |  magic 0xCA   |  version 1    |    opcode     |     flags     |  4
 *  +---------------+---------------+---------------+---------------+
 *  |        status (uint16)        |       reserved (uint16)       |  8
 *  +-------------------------------+-------------------------------+
 *  |                      request id (int32)                       | 12
 *  +---------------------------------------------------------------+
 *  |                                                               | 16
 *  +                 sender's topology epoch (int64)               +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     body (body length bytes)                ...  24
 * </pre>
 *
 * <p>Static accessors over a buffer and the frame's start index, so reading or writing a header needs no object.
 */
public final class FrameHeader {
    public static final int LENGTH_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int VERSION_OFFSET = 5;
    public static final int OPCODE_OFFSET = 6;
    public static final int FLAGS_OFFSET = 7;
    public static final int STATUS_OFFSET = 8;
    public static final int RESERVED_OFFSET = 10;
    public static final int REQUEST_ID_OFFSET = 12;
    public static final int EPOCH_OFFSET = 16;
    /** Size of the header; the body starts here. */
    public static final int HEADER_LENGTH = 24;

    public static final byte MAGIC = (byte) 0xCA;
    public static final byte VERSION = 1;
    /** Flag bit set on every response. */
    public static final byte FLAG_RESPONSE = 0x01;
    /** Write requests: bits 1..2 carry the {@link io.ringcache.protocol.WriteConsistency} the coordinator waits for. */
    public static final int CONSISTENCY_SHIFT = 1;
    public static final byte CONSISTENCY_MASK = 0x06;
    /** GET and MGET requests: a miss on a deleted key answers the version of its tombstone (for quorum reads). */
    public static final byte FLAG_VERSIONED_MISS = 0x08;
    /**
     * GET and MGET requests from a node filling its keys lazily: answer from what this node holds, whatever its
     * topology says (never NOT_OWNER), and do not fill in turn. Nodes that predate it ignore the bit.
     */
    public static final byte FLAG_PEER_READ = 0x10;

    private FrameHeader() {
    }

    public static int bodyLength(ByteBuf buf, int frame) {
        return buf.getInt(frame + LENGTH_OFFSET);
    }

    public static byte magic(ByteBuf buf, int frame) {
        return buf.getByte(frame + MAGIC_OFFSET);
    }

    public static byte version(ByteBuf buf, int frame) {
        return buf.getByte(frame + VERSION_OFFSET);
    }

    public static byte opcode(ByteBuf buf, int frame) {
        return buf.getByte(frame + OPCODE_OFFSET);
    }

    public static byte flags(ByteBuf buf, int frame) {
        return buf.getByte(frame + FLAGS_OFFSET);
    }

    /** Overwrites the flags byte of a frame already written. */
    public static void flags(ByteBuf buf, int frame, int flags) {
        buf.setByte(frame + FLAGS_OFFSET, flags);
    }

    public static boolean isResponse(ByteBuf buf, int frame) {
        return (flags(buf, frame) & FLAG_RESPONSE) != 0;
    }

    public static short status(ByteBuf buf, int frame) {
        return buf.getShort(frame + STATUS_OFFSET);
    }

    public static int requestId(ByteBuf buf, int frame) {
        return buf.getInt(frame + REQUEST_ID_OFFSET);
    }

    public static long epoch(ByteBuf buf, int frame) {
        return buf.getLong(frame + EPOCH_OFFSET);
    }

    /**
     * Appends a header whose body length is still 0 and returns the frame's start index; write the body next,
     * then call {@link #finish}.
     */
    public static int begin(ByteBuf out, byte opcode, byte flags, short status, int requestId, long epoch) {
        int frame = out.writerIndex();
        out.writeInt(0);
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(opcode);
        out.writeByte(flags);
        out.writeShort(status);
        out.writeShort(0);
        out.writeInt(requestId);
        out.writeLong(epoch);
        return frame;
    }

    /** Sets the body length of the frame started at {@code frame} to everything written after its header. */
    public static void finish(ByteBuf out, int frame) {
        out.setInt(frame + LENGTH_OFFSET, out.writerIndex() - frame - HEADER_LENGTH);
    }
}
