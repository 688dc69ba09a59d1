package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;

/**
 * A reusable flyweight that validates one request frame and exposes its fields in place (see {@link RequestEncoder}
 * for the body layouts). One instance per connection; {@link #wrap} allocates nothing for a valid frame.
 *
 * <p>{@link #wrap} checks the whole body, every batch item included, against the protocol limits before the caller
 * acts on any of it, so a batch is either refused whole or executed whole. A single-key request's fields are ready
 * after {@code wrap}; a batch's items are read one at a time with {@link #nextItem}.
 */
public final class RequestDecoder {
    private static final int GET_FIXED = 2;
    private static final int TOUCH_FIXED = 2 + 8;
    private static final int SET_FIXED = 2 + 4 + 8 + 8 + 4;
    private static final int KEY_ITEM_FIXED = 2;
    private static final int MSET_ITEM_FIXED = 2 + 4 + 8 + 4;

    private ByteBuf buf;
    private int frame;
    private int bodyEnd;
    private byte opcode;
    private int cursor;
    private int count;
    private String errorMessage;
    private short lastStatus;

    private int keyOffset;
    private int keyLength;
    private int valueOffset;
    private int valueLength;
    private int flags;
    private long ttlMs;
    private long casVersion;

    /**
     * Wraps a complete frame starting at {@code frame} and validates it.
     *
     * @return {@link Status#OK}, or the error status to answer with; {@link #errorMessage()} then says why
     */
    public short wrap(ByteBuf buf, int frame) {
        this.buf = buf;
        this.frame = frame;
        this.opcode = FrameHeader.opcode(buf, frame);
        int body = frame + FrameHeader.HEADER_LENGTH;
        this.bodyEnd = body + FrameHeader.bodyLength(buf, frame);
        this.cursor = body;
        this.count = 0;
        this.errorMessage = null;
        switch (opcode) {
            case Opcode.GET:
            case Opcode.DELETE:
                return single(readKeyItem(body));
            case Opcode.TOUCH:
                return single(readTouch(body));
            case Opcode.SET:
                return single(readSet(body));
            case Opcode.MGET:
            case Opcode.MDELETE:
            case Opcode.MSET:
                return validateBatch(body);
            case Opcode.PING:
            case Opcode.STATS:
            case Opcode.TOPOLOGY:
                return single(body);
            case Opcode.HEARTBEAT:
            case Opcode.REPLICATE:
            case Opcode.TOPOLOGY_PUSH:
            case Opcode.REGISTER:
            case Opcode.ADMIN:
            case Opcode.MANAGER_PING:
                return Status.OK;
            default:
                return fail(Status.UNKNOWN_OPCODE, "unknown opcode 0x" + Integer.toHexString(opcode & 0xFF));
        }
    }

    public byte opcode() {
        return opcode;
    }

    public int requestId() {
        return FrameHeader.requestId(buf, frame);
    }

    public long epoch() {
        return FrameHeader.epoch(buf, frame);
    }

    /** Why the last {@link #wrap} failed. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The number of items in a batch request. */
    public int count() {
        return count;
    }

    /** Goes back to the first batch item, to read the items again. */
    public void rewindItems() {
        cursor = bodyOffset() + 2;
    }

    /** Reads the next batch item's fields; call exactly {@link #count()} times after a successful wrap. */
    public void nextItem() {
        int next = opcode == Opcode.MSET ? readMsetItem(cursor) : readKeyItem(cursor);
        cursor = next;
    }

    public ByteBuf buffer() {
        return buf;
    }

    /** Index of the body's first byte in {@link #buffer()}. */
    public int bodyOffset() {
        return frame + FrameHeader.HEADER_LENGTH;
    }

    public int bodyLength() {
        return bodyEnd - bodyOffset();
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

    public int flags() {
        return flags;
    }

    /** Requested TTL in milliseconds, 0 for none. */
    public long ttlMs() {
        return ttlMs;
    }

    /** Compare-and-set version, 0 for an unconditional SET. */
    public long casVersion() {
        return casVersion;
    }

    private short single(int end) {
        if (end < 0) {
            return lastStatus;
        }
        if (end != bodyEnd) {
            return fail(Status.BAD_REQUEST, Opcode.name(opcode) + " body has " + (bodyEnd - end)
                    + " bytes after its last field");
        }
        return Status.OK;
    }

    private short validateBatch(int body) {
        if (bodyEnd - body < 2) {
            return fail(Status.BAD_REQUEST, Opcode.name(opcode) + " body is too short for its key count");
        }
        int n = buf.getUnsignedShort(body);
        if (n > Limits.MAX_BATCH_KEYS) {
            return fail(Status.TOO_LARGE, "batch must hold at most " + Limits.MAX_BATCH_KEYS + " keys, was " + n);
        }
        int position = body + 2;
        for (int i = 0; i < n; i++) {
            position = opcode == Opcode.MSET ? readMsetItem(position) : readKeyItem(position);
            if (position < 0) {
                return lastStatus;
            }
        }
        if (position != bodyEnd) {
            return fail(Status.BAD_REQUEST, Opcode.name(opcode) + " body has " + (bodyEnd - position)
                    + " bytes after its last item");
        }
        count = n;
        cursor = body + 2;
        return Status.OK;
    }

    private int readKeyItem(int at) {
        if (!fits(at, GET_FIXED)) {
            return -1;
        }
        return readKey(at + GET_FIXED, buf.getUnsignedShort(at), 0);
    }

    private int readTouch(int at) {
        if (!fits(at, TOUCH_FIXED)) {
            return -1;
        }
        int length = buf.getUnsignedShort(at);
        if (!readTtl(buf.getLong(at + 2))) {
            return -1;
        }
        return readKey(at + TOUCH_FIXED, length, 0);
    }

    private int readSet(int at) {
        if (!fits(at, SET_FIXED)) {
            return -1;
        }
        int length = buf.getUnsignedShort(at);
        flags = buf.getInt(at + 2);
        if (!readTtl(buf.getLong(at + 6))) {
            return -1;
        }
        casVersion = buf.getLong(at + 14);
        if (casVersion < 0) {
            fail(Status.BAD_REQUEST, "compare-and-set version must not be negative, was " + casVersion);
            return -1;
        }
        return readKey(at + SET_FIXED, length, buf.getInt(at + 22));
    }

    private int readMsetItem(int at) {
        if (!fits(at, MSET_ITEM_FIXED)) {
            return -1;
        }
        int length = buf.getUnsignedShort(at);
        flags = buf.getInt(at + 2);
        if (!readTtl(buf.getLong(at + 6))) {
            return -1;
        }
        casVersion = 0;
        return readKey(at + MSET_ITEM_FIXED, length, buf.getInt(at + 14));
    }

    /** Checks key and value lengths and that both fit in the body; returns the index after them or -1. */
    private int readKey(int at, int length, int valueLengthField) {
        if (length > Limits.MAX_KEY_LENGTH) {
            fail(Status.TOO_LARGE, "key length must be " + Limits.MIN_KEY_LENGTH + ".." + Limits.MAX_KEY_LENGTH
                    + ", was " + length);
            return -1;
        }
        if (length < Limits.MIN_KEY_LENGTH) {
            fail(Status.BAD_REQUEST, "key length must be " + Limits.MIN_KEY_LENGTH + ".." + Limits.MAX_KEY_LENGTH
                    + ", was " + length);
            return -1;
        }
        if (valueLengthField < 0 || valueLengthField > Limits.MAX_VALUE_LENGTH) {
            fail(Status.TOO_LARGE, "value length must be at most " + Limits.MAX_VALUE_LENGTH + ", was "
                    + Integer.toUnsignedString(valueLengthField));
            return -1;
        }
        if (!fits(at, length + valueLengthField)) {
            return -1;
        }
        keyOffset = at;
        keyLength = length;
        valueOffset = at + length;
        valueLength = valueLengthField;
        return at + length + valueLengthField;
    }

    private boolean readTtl(long ttl) {
        if (ttl < 0 || ttl > Limits.MAX_TTL_MS) {
            fail(Status.BAD_REQUEST, "ttl must be 0.." + Limits.MAX_TTL_MS + " ms, was " + ttl);
            return false;
        }
        ttlMs = ttl;
        return true;
    }

    private boolean fits(int at, int length) {
        if (length > bodyEnd - at) {
            fail(Status.BAD_REQUEST, Opcode.name(opcode) + " body ends before its declared fields ("
                    + (bodyEnd - frame - FrameHeader.HEADER_LENGTH) + " bytes)");
            return false;
        }
        return true;
    }

    private short fail(short status, String message) {
        lastStatus = status;
        errorMessage = message;
        return status;
    }
}
