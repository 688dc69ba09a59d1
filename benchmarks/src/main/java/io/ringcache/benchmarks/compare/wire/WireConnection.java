package io.ringcache.benchmarks.compare.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One non-blocking socket of a single-threaded load generator: the requests written and not yet sent, the answers
 * arrived and not yet read, and for each request in flight, oldest first, when it was due, when it was written and
 * whether it reads. Request ids are the connection's request count, so an answer's id says which request it is.
 * Its buffers and records are allocated once; nothing here allocates per request.
 */
public final class WireConnection implements AutoCloseable {
    private static final int OUTGOING_BYTES = 1 << 20;
    private static final int INCOMING_BYTES = 256 << 10;

    /** Where each answer goes, with its request's due and written times and the time it was read. */
    @FunctionalInterface
    public interface Answers {
        void answered(long dueNanos, long writtenNanos, WireProtocol.Outcome outcome, long nowNanos);
    }

    private final SocketChannel channel;
    private final ByteBuffer outgoing = ByteBuffer.allocateDirect(OUTGOING_BYTES);
    private final ByteBuffer incoming = ByteBuffer.allocateDirect(INCOMING_BYTES);
    private final long[] dueAt;
    private final long[] writtenAt;
    private final boolean[] reads;
    private final int mask;
    private long written;
    private long answered;

    private WireConnection(SocketChannel channel, int maxInFlight) {
        this.channel = channel;
        int slots = Integer.highestOneBit(Math.max(1, maxInFlight - 1)) << 1;
        this.dueAt = new long[slots];
        this.writtenAt = new long[slots];
        this.reads = new boolean[slots];
        this.mask = slots - 1;
    }

    /** Connects (blocking), then switches to non-blocking; at most {@code maxInFlight} requests in flight on it. */
    public static WireConnection open(InetSocketAddress address, int maxInFlight) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            return new WireConnection(channel, maxInFlight);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Whether a request of {@code bytes} fits behind those not yet sent, and one more may be in flight. */
    public boolean hasRoomFor(int bytes) {
        return outgoing.remaining() >= bytes && written - answered <= mask;
    }

    /** Writes the next request with {@code protocol}, due at {@code dueNanos}, now {@code nowNanos}. */
    public void write(WireProtocol protocol, boolean get, long index, long dueNanos, long nowNanos) {
        int slot = (int) (written & mask);
        if (get) {
            protocol.writeGet(outgoing, index, (int) written);
        } else {
            protocol.writeSet(outgoing, index, (int) written);
        }
        dueAt[slot] = dueNanos;
        writtenAt[slot] = nowNanos;
        reads[slot] = get;
        written++;
    }

    /** Sends what the socket takes now of the requests written. */
    public void flush() throws IOException {
        if (outgoing.position() == 0) {
            return;
        }
        outgoing.flip();
        channel.write(outgoing);
        outgoing.compact();
    }

    /** Reads what has arrived and hands each whole answer, oldest first, to {@code answers}. */
    public void readAnswers(WireProtocol protocol, Answers answers) throws IOException {
        if (channel.read(incoming) < 0) {
            throw new IOException("the server closed the connection with " + (written - answered)
                    + " requests unanswered");
        }
        long now = System.nanoTime();
        incoming.flip();
        while (answered < written) {
            int slot = (int) (answered & mask);
            int length = protocol.answerLength(incoming, reads[slot], (int) answered);
            if (length == 0) {
                break;
            }
            incoming.position(incoming.position() + length);
            answered++;
            answers.answered(dueAt[slot], writtenAt[slot], protocol.outcome(), now);
        }
        if (answered == written && incoming.hasRemaining()) {
            throw new IllegalStateException(incoming.remaining() + " bytes came that answer no request");
        }
        incoming.compact();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
