package io.ringcache.server.fill;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.codec.FrameHeader;
import java.util.concurrent.TimeUnit;

/**
 * The answer to a GET or MGET held back while lazy fill looks some of its keys up at their peers, as an
 * {@code AckWaiter} holds back a QUORUM write's answer. Each peer's answer goes to the store as it arrives; once
 * every lookup has ended, or when the lookup timeout passes, the answer is read back from the store (so the client
 * sees the newest version anyone held, or a write made here meanwhile) and written on the client's connection on its
 * own, out of request order: clients match answers by request id. For an MGET, the answer built by the request
 * handler is kept with a miss item in place of each key looked up, and those items are replaced when it goes out.
 *
 * <p>Lives on the event loop of the client's connection, which runs the filler and its peer links too, so it needs
 * no locking.
 */
public final class PendingRead {
    private final Filler filler;
    private final ChannelHandlerContext ctx;
    private final int requestId;
    private final long epoch;
    private final boolean versioned;
    private final byte[][] keys;
    private final int[] placeholderAt;
    private final int[] outstanding;
    private final boolean[] installed;
    private int items;
    private int unresolved;
    private boolean armed;
    private boolean done;
    private ByteBuf partial;
    private ScheduledFuture<?> timeout;

    PendingRead(Filler filler, ChannelHandlerContext ctx, int requestId, long epoch, boolean versioned, int capacity) {
        this.filler = filler;
        this.ctx = ctx;
        this.requestId = requestId;
        this.epoch = epoch;
        this.versioned = versioned;
        this.keys = new byte[capacity][];
        this.placeholderAt = new int[capacity];
        this.outstanding = new int[capacity];
        this.installed = new boolean[capacity];
    }

    /** Holds back a GET's answer until its lookup ends, or answers at once if it already has. */
    public void arm() {
        armed = true;
        if (unresolved == 0) {
            complete();
        } else {
            timeout = filler.loop().schedule(this::expire, filler.timeoutMs(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Holds back an MGET's answer, the frame at {@code out[frame, writerIndex)}, which it takes out of {@code out}.
     */
    public void arm(ByteBuf out, int frame) {
        int length = out.writerIndex() - frame;
        partial = ctx.alloc().ioBuffer(length);
        partial.writeBytes(out, frame, length);
        out.writerIndex(frame);
        arm();
    }

    /** Gives the lookups up before arming: the request is answered otherwise (its answer grew too large). */
    public void cancel() {
        done = true;
        endLookups();
    }

    int add(byte[] key, int at, int peers) {
        keys[items] = key;
        placeholderAt[items] = at;
        outstanding[items] = peers;
        unresolved++;
        return items++;
    }

    long epoch() {
        return epoch;
    }

    byte[] key(int item) {
        return keys[item];
    }

    boolean isDone() {
        return done;
    }

    /** A peer's value for key {@code item} took over in the store. */
    void installed(int item) {
        installed[item] = true;
    }

    /** A peer answered the lookup of key {@code item}, or will not. */
    void answered(int item) {
        if (done || outstanding[item] == 0) {
            return;
        }
        if (--outstanding[item] == 0) {
            filler.lookupEnded();
            if (--unresolved == 0 && armed) {
                complete();
            }
        }
    }

    private void expire() {
        if (done) {
            return;
        }
        complete();
        filler.peersLate(this);
    }

    private void complete() {
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        endLookups();
        ByteBuf answer = ctx.alloc().ioBuffer(partial == null ? 64 : partial.readableBytes() + 64);
        if (partial == null) {
            counted(filler.answers().get(answer, keys[0], requestId, epoch, versioned), 0);
        } else {
            writeBatch(answer);
            partial.release();
            partial = null;
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(answer, ctx.voidPromise());
        } else {
            answer.release();
        }
    }

    /** The MGET answer: the held frame, each looked-up item read back from the store, within the body limit. */
    private void writeBatch(ByteBuf answer) {
        int placeholder = Short.BYTES + (versioned ? Long.BYTES : 0);
        int from = 0;
        for (int i = 0; i < items; i++) {
            answer.writeBytes(partial, from, placeholderAt[i] - from);
            from = placeholderAt[i] + placeholder;
            int mark = answer.writerIndex();
            boolean found = filler.answers().item(answer, keys[i], versioned);
            int rest = partial.writerIndex() - from;
            if (answer.writerIndex() - FrameHeader.HEADER_LENGTH + rest > Limits.MAX_RESPONSE_BODY) {
                answer.writerIndex(mark);
                answer.writeBytes(partial, from - placeholder, placeholder);
                found = false;
            }
            counted(found, i);
        }
        answer.writeBytes(partial, from, partial.writerIndex() - from);
        FrameHeader.finish(answer, 0);
    }

    private void counted(boolean found, int item) {
        if (found && installed[item]) {
            filler.hit();
        }
    }

    private void endLookups() {
        for (int i = 0; i < items; i++) {
            if (outstanding[i] > 0) {
                outstanding[i] = 0;
                filler.lookupEnded();
            }
        }
    }
}
