package io.ringcache.server.transfer;

import io.ringcache.protocol.codec.NodeReport;

/**
 * Keys and bytes streamed, and still to stream, to one target during one pass of the range mover. Written by the
 * mover's thread, read by heartbeats on event loops.
 */
final class TransferProgress {
    private final String target;
    private volatile long keysDone;
    private volatile long bytesDone;
    private volatile long keysLeft;
    private volatile long bytesLeft;

    TransferProgress(String target) {
        this.target = target;
    }

    void planned(long keys, long bytes) {
        keysLeft += keys;
        bytesLeft += bytes;
    }

    void sent(long keys, long bytes) {
        keysDone += keys;
        bytesDone += bytes;
        keysLeft = Math.max(0, keysLeft - keys);
        bytesLeft = Math.max(0, bytesLeft - bytes);
    }

    NodeReport.Transfer snapshot() {
        return new NodeReport.Transfer(target, keysDone, bytesDone, keysLeft, bytesLeft);
    }
}
