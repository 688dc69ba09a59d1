package io.ringcache.benchmarks.compare.wire;

import io.ringcache.benchmarks.load.KeySpace;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import java.nio.ByteBuffer;

/**
 * GET and SET frames of Ringcache's binary protocol (docs/protocol.md §2 and §5), at epoch 0 with ONE consistency,
 * for a single node. The protocol lets a node answer out of order; a single node answers plain GETs and ONE SETs in
 * order, and an answer to any other request than the oldest one is refused, so a reordering is never miscounted.
 */
final class RingcacheWire extends WireProtocol {
    private static final int GET_FIXED = 2;
    private static final int SET_FIXED = 26;

    RingcacheWire(KeySpace keys, byte[] value) {
        super(keys, value);
    }

    @Override
    public void writeGet(ByteBuffer out, long index, int id) {
        header(out, Opcode.GET, GET_FIXED + keys.keySize(), id);
        out.putShort((short) keys.keySize());
        keys.writeKey(index, out);
    }

    @Override
    public void writeSet(ByteBuffer out, long index, int id) {
        header(out, Opcode.SET, SET_FIXED + keys.keySize() + value.length, id);
        out.putShort((short) keys.keySize());
        out.putInt(0);
        out.putLong(0);
        out.putLong(0);
        out.putInt(value.length);
        keys.writeKey(index, out);
        out.put(value);
    }

    private static void header(ByteBuffer out, byte opcode, int bodyLength, int id) {
        out.putInt(bodyLength);
        out.put(FrameHeader.MAGIC);
        out.put(FrameHeader.VERSION);
        out.put(opcode);
        out.put((byte) 0);
        out.putInt(0);
        out.putInt(id);
        out.putLong(0);
    }

    @Override
    public int maxRequestLength() {
        return FrameHeader.HEADER_LENGTH + SET_FIXED + keys.keySize() + value.length;
    }

    @Override
    public int answerLength(ByteBuffer in, boolean get, int id) {
        int at = in.position();
        if (in.remaining() < FrameHeader.HEADER_LENGTH) {
            return 0;
        }
        if (in.get(at + FrameHeader.MAGIC_OFFSET) != FrameHeader.MAGIC) {
            throw new IllegalStateException("not a Ringcache frame: magic byte "
                    + (in.get(at + FrameHeader.MAGIC_OFFSET) & 0xFF));
        }
        int length = FrameHeader.HEADER_LENGTH + in.getInt(at + FrameHeader.LENGTH_OFFSET);
        if (length < FrameHeader.HEADER_LENGTH || length > in.capacity()) {
            throw new IllegalStateException("a " + length + "-byte frame does not fit the read buffer");
        }
        if (in.remaining() < length) {
            return 0;
        }
        int answered = in.getInt(at + FrameHeader.REQUEST_ID_OFFSET);
        if (answered != id) {
            throw new IllegalStateException("an answer to request " + answered + " came while " + id
                    + " was the oldest unanswered: this generator expects a single node's in-order answers");
        }
        short status = in.getShort(at + FrameHeader.STATUS_OFFSET);
        if (status == Status.OK) {
            outcome = get ? Outcome.HIT : Outcome.STORED;
        } else {
            outcome = get && status == Status.NOT_FOUND ? Outcome.MISS : Outcome.ERROR;
        }
        return length;
    }
}
