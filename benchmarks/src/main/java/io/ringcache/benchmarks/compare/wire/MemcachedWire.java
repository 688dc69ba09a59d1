package io.ringcache.benchmarks.compare.wire;

import io.ringcache.benchmarks.load.KeySpace;
import java.nio.ByteBuffer;

/**
 * {@code get} and {@code set} in Memcached's text protocol, as the harness's Memcached client sends them: a hit is
 * answered {@code VALUE <key> <flags> <bytes>}, the data and {@code END}, a miss by {@code END} alone, a set by
 * {@code STORED}; any other line is an error. Memcached answers a connection in order.
 */
final class MemcachedWire extends TextWire {
    private static final byte[] VALUE = Ascii.bytes("VALUE ");
    private static final byte[] END = Ascii.bytes("END\r\n");
    private static final byte[] STORED = Ascii.bytes("STORED\r\n");

    MemcachedWire(KeySpace keys, byte[] value) {
        super(keys, value, "get ", "set ", " 0 0 " + value.length + "\r\n");
    }

    @Override
    int answerLength(ByteBuffer in, int at, int lineEnd, boolean get) {
        if (get && Ascii.startsWith(in, at, VALUE)) {
            return hitLength(in, at, lineEnd);
        }
        if (get && Ascii.startsWith(in, at, END)) {
            outcome = Outcome.MISS;
        } else if (!get && Ascii.startsWith(in, at, STORED)) {
            outcome = Outcome.STORED;
        } else {
            outcome = Outcome.ERROR;
        }
        return lineEnd - at;
    }

    /** {@code VALUE <key> <flags> <bytes>\r\n<data>\r\nEND\r\n}: the byte count is the line's last field. */
    private int hitLength(ByteBuffer in, int at, int lineEnd) {
        int numberEnd = lineEnd - Ascii.CRLF.length;
        int numberStart = numberEnd;
        while (numberStart > at && in.get(numberStart - 1) != ' ') {
            numberStart--;
        }
        long bytes = Ascii.parseDecimal(in, numberStart, numberEnd);
        long length = lineEnd - at + bytes + Ascii.CRLF.length + END.length;
        if (length > in.capacity()) {
            throw new IllegalStateException("a " + bytes + "-byte value does not fit the read buffer");
        }
        if (in.remaining() < length) {
            return 0;
        }
        if (!Ascii.startsWith(in, at + (int) length - END.length, END)) {
            throw new IllegalStateException("a get of one key was answered by more than one value, or no END");
        }
        outcome = Outcome.HIT;
        return (int) length;
    }
}
