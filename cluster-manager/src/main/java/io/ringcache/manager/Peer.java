package io.ringcache.manager;

import io.ringcache.client.transport.NodeConnection;
import io.ringcache.protocol.codec.ManagerState;

/** Another manager as this one sees it: where it is, what it last said, and when. */
final class Peer {
    final String address;
    final NodeConnection connection;
    ManagerState lastState;
    long lastSeenMs;

    Peer(String address, NodeConnection connection) {
        this.address = address;
        this.connection = connection;
    }

    /** Whether it answered recently enough to count as alive. */
    boolean isAlive(long nowMs, long windowMs) {
        return lastState != null && nowMs - lastSeenMs <= windowMs;
    }
}
