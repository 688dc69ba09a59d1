package io.ringcache.benchmarks.compare.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The text-protocol pieces Redis's RESP and Memcached's text protocol share: lines ending in CRLF, decimal numbers. */
final class Ascii {
    static final byte[] CRLF = bytes("\r\n");

    private Ascii() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The index just past the first CRLF at or after {@code from} and before {@code in}'s limit, or -1. */
    static int lineEnd(ByteBuffer in, int from) {
        for (int i = from; i + 1 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    /** Whether the bytes at {@code at} begin with {@code prefix} (false when fewer bytes are in). */
    static boolean startsWith(ByteBuffer in, int at, byte[] prefix) {
        if (in.limit() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.get(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number, optionally negative, in {@code [from, to)}. */
    static long parseDecimal(ByteBuffer in, int from, int to) {
        boolean negative = to > from && in.get(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            throw new IllegalStateException("a number was expected and none came");
        }
        long number = 0;
        for (; i < to; i++) {
            int digit = in.get(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalStateException("a number was expected, byte " + (in.get(i) & 0xFF) + " came");
            }
            number = number * 10 + digit;
        }
        return negative ? -number : number;
    }
}
