package io.ringcache.benchmarks.compare.wire;

import io.ringcache.benchmarks.load.KeySpace;
import java.nio.ByteBuffer;

/**
 * GET and SET in Redis's RESP: each command an array of bulk strings; answered by a bulk string ({@code $<n>}, or
 * {@code $-1} for a miss), {@code +OK}, or an error line ({@code -ERR ...}). Redis answers a connection in order.
 */
final class RespWire extends TextWire {

    RespWire(KeySpace keys, byte[] value) {
        super(keys, value, "*2\r\n$3\r\nGET\r\n$" + keys.keySize() + "\r\n",
                "*3\r\n$3\r\nSET\r\n$" + keys.keySize() + "\r\n", "\r\n$" + value.length + "\r\n");
    }

    @Override
    int answerLength(ByteBuffer in, int at, int lineEnd, boolean get) {
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
