package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Opcode;
import java.nio.charset.StandardCharsets;

/**
 * The body of a REPLICATE request: versioned writes one node sends another, to forward client writes to replicas
 * and to stream ranges to new owners. Big-endian:
 *
 * <pre>
 * body    u8 senderIdLength | senderId | u16 count | count x record
 * record  u8 kind | i64 version | i64 expiresAtMs | u32 flags | u8 keyLength | u32 valueLength | key | value
 * </pre>
 *
 * <p>{@code kind} is {@link #SET} (the entry as the sender holds it), {@link #TOMBSTONE} (the key was deleted at
 * {@code version}; no value) or {@link #TOUCH} (the entry of exactly {@code version} now expires at
 * {@code expiresAtMs}; no value). A receiver applies a SET or TOMBSTONE only when its version is newer than the one it
 * holds, so replays and reordering are harmless. Writing goes straight into a pooled buffer; reading is a flyweight
 * ({@link #wrap}, {@link #next}) that allocates nothing.
 */
public final class ReplicationCodec {
    public static final byte SET = 1;
    public static final byte TOMBSTONE = 2;
    public static final byte TOUCH = 3;
    /** Bytes of a record before its key. */
    public static final int RECORD_HEADER = 1 + 8 + 8 + 4 + 1 + 4;
    /** Where a record's one-byte key length lies, from the record's start. */
    public static final int RECORD_KEY_LENGTH_OFFSET = 1 + 8 + 8 + 4;
    /** The most records one REPLICATE frame carries. */
    public static final int MAX_RECORDS = 65_535;

    private ByteBuf buf;
    private int cursor;
    private int end;
    private int remaining;
    private byte kind;
    private long version;
    private long expiresAtMs;
    private int flags;
    private int keyOffset;
    private int keyLength;
    private int valueOffset;
    private int valueLength;

    /**
     * A node id as a REPLICATE body carries it: UTF-8, at most 255 bytes. A sender encodes its id once and passes the
     * bytes to every {@link #begin}, so starting a frame allocates nothing.
     */
    public static byte[] senderId(String nodeId) {
        byte[] bytes = nodeId.getBytes(StandardCharsets.UTF_8);
        checkSenderId(bytes);
        return bytes;
    }

    /** Starts a REPLICATE request frame with no records yet and returns its start index. */
    public static int begin(ByteBuf out, int requestId, long epoch, byte[] senderId) {
        checkSenderId(senderId);
        int frame = FrameHeader.begin(out, Opcode.REPLICATE, (byte) 0, (short) 0, requestId, epoch);
        out.writeByte(senderId.length);
        out.writeBytes(senderId);
        out.writeShort(0);
        return frame;
    }

    private static void checkSenderId(byte[] senderId) {
        if (senderId.length > 255) {
            throw new IllegalArgumentException("a sender id must be at most 255 bytes, was " + senderId.length);
        }
    }

    /** Appends a record's fields; the caller appends the key's and then the value's bytes. */
    public static void recordHeader(ByteBuf out, byte kind, long version, long expiresAtMs, int flags, int keyLength,
            int valueLength) {
        out.writeByte(kind);
        out.writeLong(version);
        out.writeLong(expiresAtMs);
        out.writeInt(flags);
        out.writeByte(keyLength);
        out.writeInt(valueLength);
    }

    /** Sets the record count and body length of the frame started at {@code frame}. */
    public static void finish(ByteBuf out, int frame, int count) {
        if (count < 0 || count > MAX_RECORDS) {
            throw new IllegalArgumentException("a REPLICATE frame carries 0.." + MAX_RECORDS + " records, not "
                    + count);
        }
        int idLength = out.getUnsignedByte(frame + FrameHeader.HEADER_LENGTH);
        out.setShort(frame + FrameHeader.HEADER_LENGTH + 1 + idLength, count);
        FrameHeader.finish(out, frame);
    }

    /** The bytes a record of these lengths takes. */
    public static int recordLength(int keyLength, int valueLength) {
        return RECORD_HEADER + keyLength + valueLength;
    }

    /**
     * Checks a whole REPLICATE body and positions the reader before its first record. Returns null when the body is
     * well formed, else what is wrong with it.
     */
    public String wrap(ByteBuf body, int offset, int length) {
        remaining = 0;
        buf = body;
        end = offset + length;
        if (length < 3) {
            return "REPLICATE body of " + length + " bytes is too short";
        }
        int idLength = body.getUnsignedByte(offset);
        int at = offset + 1 + idLength;
        if (at + 2 > end) {
            return "REPLICATE body ends inside its sender id";
        }
        int count = body.getUnsignedShort(at);
        at += 2;
        int first = at;
        for (int i = 0; i < count; i++) {
            if (at + RECORD_HEADER > end) {
                return "REPLICATE record " + i + " ends early";
            }
            byte recordKind = body.getByte(at);
            int keyBytes = body.getUnsignedByte(at + 21);
            int valueBytes = body.getInt(at + 22);
            if (recordKind < SET || recordKind > TOUCH) {
                return "REPLICATE record " + i + " has unknown kind " + recordKind;
            }
            if (keyBytes < Limits.MIN_KEY_LENGTH || keyBytes > Limits.MAX_KEY_LENGTH) {
                return "REPLICATE record " + i + " has a key of " + keyBytes + " bytes";
            }
            if (valueBytes < 0 || valueBytes > Limits.MAX_VALUE_LENGTH || recordKind != SET && valueBytes != 0) {
                return "REPLICATE record " + i + " has a value of " + valueBytes + " bytes";
            }
            at += RECORD_HEADER + keyBytes + valueBytes;
            if (at > end) {
                return "REPLICATE record " + i + " ends early";
            }
        }
        if (at != end) {
            return "REPLICATE body has " + (end - at) + " bytes after its last record";
        }
        cursor = first;
        remaining = count;
        return null;
    }

    /** Moves to the next record; returns false when there is none left. */
    public boolean next() {
        if (remaining == 0) {
            return false;
        }
        remaining--;
        kind = buf.getByte(cursor);
        version = buf.getLong(cursor + 1);
        expiresAtMs = buf.getLong(cursor + 9);
        flags = buf.getInt(cursor + 17);
        keyLength = buf.getUnsignedByte(cursor + 21);
        valueLength = buf.getInt(cursor + 22);
        keyOffset = cursor + RECORD_HEADER;
        valueOffset = keyOffset + keyLength;
        cursor = valueOffset + valueLength;
        return true;
    }

    public byte kind() {
        return kind;
    }

    public long version() {
        return version;
    }

    public long expiresAtMs() {
        return expiresAtMs;
    }

    public int flags() {
        return flags;
    }

    public int keyOffset() {
        return keyOffset;
    }

    public int keyLength() {
        return keyLength;
    }

    public int valueOffset() {
        return valueOffset;
    }

    public int valueLength() {
        return valueLength;
    }
}
