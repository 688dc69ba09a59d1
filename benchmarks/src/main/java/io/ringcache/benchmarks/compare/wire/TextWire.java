package io.ringcache.benchmarks.compare.wire;

import io.ringcache.benchmarks.load.KeySpace;
import java.nio.ByteBuffer;

/**
 * The requests of the text protocols, which have one shape: a GET is a prefix, the key and CRLF; a SET is a prefix,
 * the key, what goes between key and value, the value and CRLF. Redis's RESP and Memcached's text protocol differ in
 * those fixed parts and in their answers, which each subclass measures from the answer's first line.
 */
abstract class TextWire extends WireProtocol {
    private final byte[] getPrefix;
    private final byte[] setPrefix;
    private final byte[] setBeforeValue;

    TextWire(KeySpace keys, byte[] value, String getPrefix, String setPrefix, String setBeforeValue) {
        super(keys, value);
        this.getPrefix = Ascii.bytes(getPrefix);
        this.setPrefix = Ascii.bytes(setPrefix);
        this.setBeforeValue = Ascii.bytes(setBeforeValue);
    }

    @Override
    public final void writeGet(ByteBuffer out, long index, int id) {
        out.put(getPrefix);
        keys.writeKey(index, out);
        out.put(Ascii.CRLF);
    }

    @Override
    public final void writeSet(ByteBuffer out, long index, int id) {
        out.put(setPrefix);
        keys.writeKey(index, out);
        out.put(setBeforeValue);
        out.put(value);
        out.put(Ascii.CRLF);
    }

    @Override
    public final int maxRequestLength() {
        return setPrefix.length + keys.keySize() + setBeforeValue.length + value.length + Ascii.CRLF.length;
    }

    /** Text answers are measured from their first line, which every answer has: 0 until all of it is in. */
    @Override
    public final int answerLength(ByteBuffer in, boolean get, int id) {
        int at = in.position();
        int lineEnd = Ascii.lineEnd(in, at);
        return lineEnd < 0 ? 0 : answerLength(in, at, lineEnd, get);
    }

    /**
     * The length of the answer starting at {@code at}, whose first line ends just before {@code lineEnd} (past its
     * CRLF), or 0 when not all of it is in; sets {@link #outcome}.
     */
    abstract int answerLength(ByteBuffer in, int at, int lineEnd, boolean get);
}
