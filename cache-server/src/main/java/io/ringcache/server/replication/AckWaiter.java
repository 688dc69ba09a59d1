package io.ringcache.server.replication;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ResponseEncoder;
import java.util.Arrays;

/**
 * A client write held back until enough replicas acknowledged it: the answer to a QUORUM or ALL request. Counts,
 * per key of the request, the copies known to hold the write (the coordinator's own first) and the copies still
 * reachable; answers once every key has its copies or cannot get them, or when the replication timeout passes.
 * Lives on the event loop of the client's connection, which is also the loop of the links that acknowledge it, so
 * it needs no locking.
 *
 * <p>Waiters are reused ({@link AckWaiters}): one goes back once it has answered and every link it registered with
 * has told it how its key fared, which every link does (by acknowledgement, refusal, drop or failure). Its
 * generation, counted up at each reuse, tells its timeout entry whether it still concerns the same write.
 */
public final class AckWaiter {
    private final AckWaiters owner;
    private ChannelHandlerContext ctx;
    private byte opcode;
    private int requestId;
    private long epoch;
    private long generation;
    private int items;
    private short[] status = new short[1];
    private long[] versions = new long[1];
    private int[] needed = new int[1];
    private int[] copies = new int[1];
    private int[] reachable = new int[1];
    private boolean[] pending = new boolean[1];
    private int unresolved;
    /** Links that will still tell this waiter how a key fared. */
    private int registrations;
    private boolean armed;
    private boolean answered;
    private boolean expired;
    private boolean released;

    AckWaiter(AckWaiters owner) {
        this.owner = owner;
    }

    /** Readies this waiter for a write of {@code items} keys; set each key with {@link #expect}. */
    void reset(ChannelHandlerContext ctx, byte opcode, int requestId, long epoch, int items) {
        this.ctx = ctx;
        this.opcode = opcode;
        this.requestId = requestId;
        this.epoch = epoch;
        this.items = items;
        generation++;
        if (status.length < items) {
            status = new short[items];
            versions = new long[items];
            needed = new int[items];
            copies = new int[items];
            reachable = new int[items];
            pending = new boolean[items];
        }
        Arrays.fill(pending, 0, items, false);
        unresolved = 0;
        registrations = 0;
        armed = false;
        answered = false;
        expired = false;
        released = false;
    }

    /** The most keys this waiter has room for without growing. */
    int capacity() {
        return status.length;
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
        armed = true;
        if (unresolved == 0) {
            answer();
        } else {
            owner.expireLater(this, generation);
        }
        releaseIfDone();
    }

    /** A link will tell this waiter, by {@link #acked} or {@link #failed}, how one key fared with its replica. */
    void registered() {
        registrations++;
    }

    /** A replica acknowledged the write of key {@code item}. */
    void acked(int item) {
        registrations--;
        if (!answered && pending[item] && ++copies[item] >= needed[item]) {
            pending[item] = false;
            resolve();
        }
        releaseIfDone();
    }

    /** A replica will not acknowledge key {@code item} (its link failed, or dropped or refused the frame). */
    void failed(int item) {
        registrations--;
        if (!answered && pending[item] && --reachable[item] < needed[item]) {
            unavailable(item);
        }
        releaseIfDone();
    }

    /** The timeout of the write this waiter held in {@code armedGeneration} passed. */
    void expire(long armedGeneration) {
        if (armedGeneration != generation || answered) {
            return;
        }
        expired = true;
        for (int i = 0; i < items; i++) {
            if (pending[i]) {
                owner.metrics().unavailable();
                status[i] = Status.UNAVAILABLE;
                pending[i] = false;
            }
        }
        answer();
        releaseIfDone();
    }

    private void unavailable(int item) {
        owner.metrics().unavailable();
        status[item] = Status.UNAVAILABLE;
        pending[item] = false;
        resolve();
    }

    private void resolve() {
        if (--unresolved == 0 && armed) {
            answer();
        }
    }

    private void releaseIfDone() {
        if (answered && registrations == 0 && !released) {
            released = true;
            ctx = null;
            owner.release(this);
        }
    }

    private void answer() {
        answered = true;
        if (!ctx.channel().isActive()) {
            return;
        }
        ByteBuf out = ctx.alloc().ioBuffer(64 + 10 * items);
        if (opcode == Opcode.MSET || opcode == Opcode.MDELETE) {
            int at = ResponseEncoder.begin(out, opcode, Status.OK, requestId, epoch);
            ResponseEncoder.count(out, items);
            for (int i = 0; i < items; i++) {
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
        String why = expired ? "within " + owner.timeoutMs() + " ms"
                : "and only " + reachable[0] + " holders are reachable";
        return held + ", " + why + "; retrying it is safe";
    }
}
