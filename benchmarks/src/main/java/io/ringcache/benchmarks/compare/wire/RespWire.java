package io.ringcache.benchmarks.compare.wire;

import io.ringcache.benchmarks.load.KeySpace;
import java.nio.ByteBuffer;

/**
 * GET and SET in Redis's RESP: each command an array of bulk strings; answered by a bulk string ({@code $<n>}, or
 * {@code $-1} for a miss), {@code +OK}, or an error line ({@code -ERR ...}). Redis answers a connection in order.
 */
final class RespWire extends WireProtocol {
    private final byte[] getPrefix;
    private final byte[] setPrefix;
    private final byte[] setValueHeader;

    RespWire(KeySpace keys, byte[] value) {
        super(keys, value);
        this.getPrefix = Ascii.bytes("*2\r\n$3\r\nGET\r\n$" + keys.keySize() + "\r\n");
        this.setPrefix = Ascii.bytes("*3\r\n$3\r\nSET\r\n$" + keys.keySize() + "\r\n");
        this.setValueHeader = Ascii.bytes("\r\n$" + value.length + "\r\n");
    }

    @Override
    public void writeGet(ByteBuffer out, long index, int id) {
        out.put(getPrefix);
        keys.writeKey(index, out);
        out.put(Ascii.CRLF);
    }

    @Override
    public void writeSet(ByteBuffer out, long index, int id) {
        out.put(setPrefix);
        keys.writeKey(index, out);
        out.put(setValueHeader);
        out.put(value);
        out.put(Ascii.CRLF);
    }

    @Override
    public int maxRequestLength() {
        return setPrefix.length + keys.keySize() + setValueHeader.length + value.length + Ascii.CRLF.length;
    }

    @Override
    public int answerLength(ByteBuffer in, boolean get, int id) {
        int at = in.position();
        int lineEnd = Ascii.lineEnd(in, at);
        if (lineEnd < 0) {
            return 0;
        }
        int lineLength = lineEnd - at;
        switch (in.get(at)) {
            case '+':
                outcome = get ? Outcome.ERROR : Outcome.STORED;
                return lineLength;
            case '-':
                outcome = Outcome.ERROR;
                return lineLength;
            case '$':
                long bulk = Ascii.parseDecimal(in, at + 1, lineEnd - 2);
                if (bulk < 0) {
                    outcome = get ? Outcome.MISS : Outcome.ERROR;
                    return lineLength;
                }
                long length = lineLength + bulk + Ascii.CRLF.length;
                if (length > in.capacity()) {
                    throw new IllegalStateException("a " + bulk + "-byte answer does not fit the read buffer");
                }
                if (in.remaining() < length) {
                    return 0;
                }
                outcome = get ? Outcome.HIT : Outcome.ERROR;
                return (int) length;
            default:
                throw new IllegalStateException("not a RESP answer to GET or SET: first byte " + (in.get(at) & 0xFF));
        }
    }
}
