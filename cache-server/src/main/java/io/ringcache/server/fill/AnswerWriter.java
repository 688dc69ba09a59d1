package io.ringcache.server.fill;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.server.BufferViews;
import io.ringcache.server.store.EntryReader;
import io.ringcache.server.store.Store;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes a filled read's answer from what the store holds once the lookups are over, as the request handler would
 * have: a GET answer or an MGET item, a hit with its value record, or a miss (with the tombstone's version when the
 * request asked for versioned misses). One per event loop.
 */
final class AnswerWriter implements EntryReader {
    private final Store store;
    private final EpochClock clock;
    private final BufferViews views;
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private ByteBuf out;
    private long now;

    AnswerWriter(Store store, EpochClock clock, BufferViews views) {
        this.store = store;
        this.clock = clock;
        this.views = views;
    }

    /** Appends the answer to GET {@code requestId} of {@code key}; returns whether the key was found. */
    boolean get(ByteBuf answer, byte[] key, int requestId, long epoch, boolean versioned) {
        int frame = ResponseEncoder.begin(answer, Opcode.GET, Status.OK, requestId, epoch);
        if (lookUp(answer, key)) {
            FrameHeader.finish(answer, frame);
            return true;
        }
        answer.writerIndex(frame);
        if (versioned) {
            frame = ResponseEncoder.begin(answer, Opcode.GET, Status.NOT_FOUND, requestId, epoch);
            ResponseEncoder.version(answer, store.tombstoneVersion(keyView, 0, key.length));
            FrameHeader.finish(answer, frame);
        } else {
            ResponseEncoder.empty(answer, Opcode.GET, Status.NOT_FOUND, requestId, epoch);
        }
        return false;
    }

    /** Appends the MGET item of {@code key}; returns whether the key was found. */
    boolean item(ByteBuf answer, byte[] key, boolean versioned) {
        int at = answer.writerIndex();
        ResponseEncoder.itemStatus(answer, Status.OK);
        if (lookUp(answer, key)) {
            return true;
        }
        answer.writerIndex(at);
        ResponseEncoder.itemStatus(answer, Status.NOT_FOUND);
        if (versioned) {
            ResponseEncoder.version(answer, store.tombstoneVersion(keyView, 0, key.length));
        }
        return false;
    }

    private boolean lookUp(ByteBuf answer, byte[] key) {
        out = answer;
        now = clock.time();
        keyView.wrap(key);
        return store.get(keyView, 0, key.length, this);
    }

    @Override
    public void read(int flags, long expiresAtMs, long version, DirectBuffer value, int valueOffset, int valueLength) {
        long ttl = expiresAtMs == Store.NO_EXPIRY ? ResponseEncoder.NO_TTL : Math.max(1, expiresAtMs - now);
        ResponseEncoder.valueHeader(out, flags, ttl, version, valueLength);
        views.append(out, value, valueOffset, valueLength);
    }
}
