package io.ringcache.benchmarks.compare.wire;

import io.ringcache.benchmarks.load.KeySpace;
import java.nio.ByteBuffer;

/**
 * One server's protocol as a single-threaded load generator speaks it on a plain socket: how a GET or a SET of a key
 * space's key is written, and where the answer to it ends and what it says. Written for the latency measurement
 * (issue 6), where a client library's threads and garbage would land in the tail being measured, so nothing here
 * allocates per request. One instance per generator thread: it remembers the last answer's {@link Outcome}.
 */
public abstract class WireProtocol {
    /** What an answer said. */
    public enum Outcome { HIT, MISS, STORED, ERROR }

    protected final KeySpace keys;
    protected final byte[] value;
    protected Outcome outcome;

    protected WireProtocol(KeySpace keys, byte[] value) {
        this.keys = keys;
        this.value = value;
    }

    /** The protocol of {@code system} ({@code ringcache}, {@code redis} or {@code memcached}). */
    public static WireProtocol of(String system, KeySpace keys, byte[] value) {
        switch (system) {
            case "ringcache":
                return new RingcacheWire(keys, value);
            case "redis":
                return new RespWire(keys, value);
            case "memcached":
                return new MemcachedWire(keys, value);
            default:
                throw new IllegalArgumentException("no wire protocol for '" + system + "'");
        }
    }

    /** Writes a GET of key {@code index} at {@code out}'s position; {@code id} is the request id where there is one. */
    public abstract void writeGet(ByteBuffer out, long index, int id);

    /** Writes a SET of key {@code index} to the value, with no expiry, at {@code out}'s position. */
    public abstract void writeSet(ByteBuffer out, long index, int id);

    /** The most bytes a request takes. */
    public abstract int maxRequestLength();

    /**
     * Measures the answer that starts at {@code in}'s position and ends before its limit, to a GET when {@code get}
     * is set, else to a SET, sent with request id {@code id}: returns its length, or 0 when not all of it is in yet.
     * After a length, {@link #outcome()} says what it said.
     *
     * @throws IllegalStateException when the bytes are no answer of this protocol, or answer another request
     */
    public abstract int answerLength(ByteBuffer in, boolean get, int id);

    /** What the answer that {@link #answerLength} measured last said. */
    public final Outcome outcome() {
        return outcome;
    }
}
