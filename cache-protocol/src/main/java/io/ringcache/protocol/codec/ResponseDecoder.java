package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.ProtocolException;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.ring.Topology;
import java.nio.charset.StandardCharsets;

/**
 * A reusable flyweight over one response frame (layouts in {@link ResponseEncoder}). Reads are bounds-checked
 * against the frame's body, and a body that does not match its layout throws {@link ProtocolException}.
 *
 * <p>For a GET answer call {@link #readValueItem()} once; for batch answers read {@link #readCount()} and then one
 * item at a time; for STATS, {@link #readCount()} then {@link #readStat()} per figure.
 */
public final class ResponseDecoder {
    private ByteBuf buf;
    private int frame;
    private int cursor;
    private int bodyEnd;

    private int flags;
    private long ttlRemainingMs;
    private long version;
    private int valueOffset;
    private int valueLength;
    private String statName;
    private long statValue;

    /** Wraps a complete response frame starting at {@code frame}. */
    public ResponseDecoder wrap(ByteBuf buf, int frame) {
        this.buf = buf;
        this.frame = frame;
        this.cursor = frame + FrameHeader.HEADER_LENGTH;
        this.bodyEnd = cursor + FrameHeader.bodyLength(buf, frame);
        return this;
    }

    public byte opcode() {
        return FrameHeader.opcode(buf, frame);
    }

    public short status() {
        return FrameHeader.status(buf, frame);
    }

    public int requestId() {
        return FrameHeader.requestId(buf, frame);
    }

    public long epoch() {
        return FrameHeader.epoch(buf, frame);
    }

    /** The message of an error response. */
    public String errorMessage() {
        int length = readUnsignedShort();
        need(length);
        String message = buf.toString(cursor, length, StandardCharsets.UTF_8);
        cursor += length;
        return message;
    }

    /** Reads a u16 item count. */
    public int readCount() {
        return readUnsignedShort();
    }

    /** Reads a batch item's u16 status. */
    public short readItemStatus() {
        need(2);
        short status = buf.getShort(cursor);
        cursor += 2;
        return status;
    }

    /** Reads an i64 version (SET answer, MSET item). */
    public long readVersion() {
        need(8);
        long v = buf.getLong(cursor);
        cursor += 8;
        return v;
    }

    /** Reads a GET OK body (or an MGET item after its status); the value stays in the buffer until copied. */
    public void readValueItem() {
        need(ResponseEncoder.VALUE_HEADER_LENGTH);
        flags = buf.getInt(cursor);
        ttlRemainingMs = buf.getLong(cursor + 4);
        version = buf.getLong(cursor + 12);
        valueLength = buf.getInt(cursor + 20);
        cursor += ResponseEncoder.VALUE_HEADER_LENGTH;
        if (valueLength < 0) {
            throw new ProtocolException("negative value length " + valueLength);
        }
        need(valueLength);
        valueOffset = cursor;
        cursor += valueLength;
    }

    /** Reads one STATS figure into {@link #statName()} and {@link #statValue()}. */
    public void readStat() {
        need(1);
        int length = buf.getUnsignedByte(cursor);
        cursor++;
        need(length + 8);
        statName = buf.toString(cursor, length, StandardCharsets.US_ASCII);
        statValue = buf.getLong(cursor + length);
        cursor += length + 8;
    }

    /** The unread rest of the body, as a slice of the frame (valid while the frame is). */
    public ByteBuf restOfBody() {
        ByteBuf rest = buf.slice(cursor, bodyEnd - cursor);
        cursor = bodyEnd;
        return rest;
    }

    /** Reads the rest of the body as UTF-8 text (an ADMIN answer). */
    public String readText() {
        String text = buf.toString(cursor, bodyEnd - cursor, StandardCharsets.UTF_8);
        cursor = bodyEnd;
        return text;
    }

    /** Reads a TOPOLOGY answer's body. */
    public Topology readTopology() {
        ByteBuf body = buf.slice(cursor, bodyEnd - cursor);
        Topology topology = TopologyCodec.read(body);
        cursor += body.readerIndex();
        return topology;
    }

    /** Copies the last value read by {@link #readValueItem()} into a new array. */
    public byte[] copyValue() {
        byte[] value = new byte[valueLength];
        buf.getBytes(valueOffset, value);
        return value;
    }

    /** Throws unless every byte of the body has been read. */
    public void expectEnd() {
        if (cursor != bodyEnd) {
            throw new ProtocolException(Status.name(status()) + " response has " + (bodyEnd - cursor)
                    + " unexpected bytes");
        }
    }

    public int flags() {
        return flags;
    }

    public long ttlRemainingMs() {
        return ttlRemainingMs;
    }

    public long version() {
        return version;
    }

    public int valueLength() {
        return valueLength;
    }

    public String statName() {
        return statName;
    }

    public long statValue() {
        return statValue;
    }

    private int readUnsignedShort() {
        need(2);
        int v = buf.getUnsignedShort(cursor);
        cursor += 2;
        return v;
    }

    private void need(int bytes) {
        if (bytes > bodyEnd - cursor) {
            throw new ProtocolException("response body ends early: needs " + bytes + " more bytes, has "
                    + (bodyEnd - cursor));
        }
    }
}
