package io.ringcache.server.replication;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ResponseEncoder;
import java.util.concurrent.TimeUnit;

/**
 * A client write held back until enough replicas acknowledged it: the answer to a QUORUM or ALL request. Counts,
 * per key of the request, the copies known to hold the write (the coordinator's own first) and the copies still
 * reachable; answers once every key has its copies or cannot get them, or when the replication timeout passes.
 * Lives on the event loop of the client's connection, which is also the loop of the links that acknowledge it, so
 * it needs no locking.
 */
public final class AckWaiter {
    private final ChannelHandlerContext ctx;
    private final ReplicationMetrics metrics;
    private final byte opcode;
    private final int requestId;
    private final long epoch;
    private final long timeoutMs;
    private final short[] status;
    private final long[] versions;
    private final int[] needed;
    private final int[] copies;
    private final int[] reachable;
    private final boolean[] pending;
    private int unresolved;
    private boolean answered;
    private boolean expired;
    private ScheduledFuture<?> timeout;

    /** A waiter for {@code items} keys (1 for single-key requests); set each key with {@link #expect}. */
    public AckWaiter(ChannelHandlerContext ctx, Replication replication, byte opcode, int requestId, long epoch,
            int items) {
        this.ctx = ctx;
        this.metrics = replication.metrics();
        this.opcode = opcode;
        this.requestId = requestId;
        this.epoch = epoch;
        this.timeoutMs = replication.timeoutMs();
        this.status = new short[items];
        this.versions = new long[items];
        this.needed = new int[items];
        this.copies = new int[items];
        this.reachable = new int[items];
        this.pending = new boolean[items];
    }

    /**
     * Records the coordinator's own outcome for key {@code item}: the status and version to answer, and, when it
     * applied a write and forwarded it to {@code targets} replicas, how many copies the answer waits for.
     */
    public void expect(int item, short itemStatus, long version, boolean forwarded, int copiesNeeded, int targets) {
        status[item] = itemStatus;
        versions[item] = version;
        needed[item] = copiesNeeded;
        copies[item] = 1;
        reachable[item] = targets + 1;
        if (forwarded && copiesNeeded > 1) {
            pending[item] = true;
            unresolved++;
            if (reachable[item] < copiesNeeded) {
                unavailable(item);
            }
        }
    }

    /** Starts the timeout, or answers at once when no key waits for anything. */
    public void arm() {
        if (unresolved == 0) {
            answer();
        } else {
            timeout = ctx.executor().schedule(this::expire, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    /** A replica acknowledged the write of key {@code item}. */
    void acked(int item) {
        if (answered || !waiting(item)) {
            return;
        }
        if (++copies[item] >= needed[item]) {
            pending[item] = false;
            resolve();
        }
    }

    /** A replica will not acknowledge key {@code item} (its link failed). */
    void failed(int item) {
        if (answered || !waiting(item)) {
            return;
        }
        if (--reachable[item] < needed[item]) {
            unavailable(item);
        }
    }

    private void unavailable(int item) {
        metrics.unavailable();
        status[item] = Status.UNAVAILABLE;
        pending[item] = false;
        resolve();
    }

    private boolean waiting(int item) {
        return pending[item];
    }

    private void resolve() {
        if (--unresolved == 0 && timeout != null) {
            answer();
        }
    }

    private void expire() {
        if (answered) {
            return;
        }
        expired = true;
        for (int i = 0; i < status.length; i++) {
            if (waiting(i)) {
                metrics.unavailable();
                status[i] = Status.UNAVAILABLE;
                pending[i] = false;
            }
        }
        answer();
    }

    private void answer() {
        answered = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        ByteBuf out = ctx.alloc().ioBuffer(64 + 10 * status.length);
        if (opcode == Opcode.MSET || opcode == Opcode.MDELETE) {
            int at = ResponseEncoder.begin(out, opcode, Status.OK, requestId, epoch);
            ResponseEncoder.count(out, status.length);
            for (int i = 0; i < status.length; i++) {
                ResponseEncoder.itemStatus(out, status[i]);
                if (opcode == Opcode.MSET) {
                    boolean applied = status[i] == Status.OK || status[i] == Status.UNAVAILABLE;
                    ResponseEncoder.version(out, applied ? versions[i] : 0);
                }
            }
            FrameHeader.finish(out, at);
        } else if (status[0] == Status.UNAVAILABLE) {
            ResponseEncoder.error(out, opcode, Status.UNAVAILABLE, requestId, epoch, unavailableMessage());
        } else if (opcode == Opcode.SET && status[0] == Status.OK) {
            int at = ResponseEncoder.begin(out, opcode, Status.OK, requestId, epoch);
            ResponseEncoder.version(out, versions[0]);
            FrameHeader.finish(out, at);
        } else {
            ResponseEncoder.empty(out, opcode, status[0], requestId, epoch);
        }
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    private String unavailableMessage() {
        String held = "the write was applied on " + copies[0] + " of the " + needed[0]
                + " copies its consistency level needs";
        String why = expired ? "within " + timeoutMs + " ms" : "and only " + reachable[0] + " holders are reachable";
        return held + ", " + why + "; retrying it is safe";
    }
}
