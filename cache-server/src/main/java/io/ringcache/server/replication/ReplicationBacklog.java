package io.ringcache.server.replication;

import io.netty.buffer.ByteBuf;

/**
 * The writes this node coordinated most recently, as REPLICATE records in a bounded ring of bytes, each at an
 * offset that only grows. A replica that missed writes while it was cut off but kept its memory (a pause, a
 * partition) is brought up to date by replaying the records from the offset where its gap began, instead of
 * streaming it whole ranges: a partial sync. Once the ring is full the oldest records make room, and a gap that
 * begins before the oldest held record needs a full transfer.
 *
 * <p>Each record is stored as {@code u32 length | record}. Appends come from every event loop, so the ring is
 * guarded by its monitor; an append is one copy of the record.
 */
public final class ReplicationBacklog {
    /** Backlog size when none is configured, as Redis's {@code repl-backlog-size} defaults to 1 MiB (ours: 16). */
    public static final int DEFAULT_BYTES = 16 * 1024 * 1024;
    private static final int LENGTH_BYTES = 4;

    /** Receives the records of a replay, one at a time, in offset order. */
    public interface RecordSink {
        /** A record's bytes ({@code bytes[offset, offset + length)}), valid only during the call. */
        void record(byte[] bytes, int offset, int length);
    }

    private final byte[] ring;
    private long head;
    private long tail;

    public ReplicationBacklog(int bytes) {
        this.ring = new byte[bytes];
    }

    /** Appends the readable bytes of {@code record} and returns its offset; one longer than the ring is not kept. */
    public synchronized long append(ByteBuf record) {
        int length = record.readableBytes();
        long offset = head;
        long needed = LENGTH_BYTES + (long) length;
        if (needed > ring.length) {
            head += needed;
            tail = head;
            return offset;
        }
        while (head + needed - tail > ring.length) {
            tail += LENGTH_BYTES + readLength(tail);
        }
        writeLength(head, length);
        copyIn(record, record.readerIndex(), head + LENGTH_BYTES, length);
        head += needed;
        return offset;
    }

    /** The offset the next record will get. */
    public synchronized long head() {
        return head;
    }

    /**
     * Hands {@code sink} every record from offset {@code from} (a record's offset, or {@link #head}) to the newest,
     * and returns true; returns false, handing nothing, when records from there are no longer held. The records
     * are copied out under the lock in one piece and handed over after it, so appends wait only for that copy.
     */
    public boolean replay(long from, RecordSink sink) {
        byte[] records;
        synchronized (this) {
            if (from < tail || from > head) {
                return false;
            }
            records = new byte[(int) (head - from)];
            copyOut(from, records, records.length);
        }
        int at = 0;
        while (at < records.length) {
            int length = 0;
            for (int i = 0; i < LENGTH_BYTES; i++) {
                length = length << 8 | records[at + i] & 0xFF;
            }
            sink.record(records, at + LENGTH_BYTES, length);
            at += LENGTH_BYTES + length;
        }
        return true;
    }

    private int readLength(long offset) {
        int value = 0;
        for (int i = 0; i < LENGTH_BYTES; i++) {
            value = value << 8 | ring[index(offset + i)] & 0xFF;
        }
        return value;
    }

    private void writeLength(long offset, int length) {
        for (int i = 0; i < LENGTH_BYTES; i++) {
            ring[index(offset + i)] = (byte) (length >>> (8 * (LENGTH_BYTES - 1 - i)));
        }
    }

    private void copyIn(ByteBuf source, int from, long offset, int length) {
        int at = index(offset);
        int first = Math.min(length, ring.length - at);
        source.getBytes(from, ring, at, first);
        source.getBytes(from + first, ring, 0, length - first);
    }

    private void copyOut(long offset, byte[] into, int length) {
        int at = index(offset);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(ring, at, into, 0, first);
        System.arraycopy(ring, 0, into, first, length - first);
    }

    private int index(long offset) {
        return (int) (offset % ring.length);
    }
}
