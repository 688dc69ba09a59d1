package io.ringcache.client;

import io.ringcache.protocol.Status;

/**
 * The node refused a request with an error status; {@link #status()} is the protocol's code and {@link #epoch()}
 * the node's topology epoch when it answered. {@link Status#UNAVAILABLE} on a write means that fewer replicas than
 * its consistency level asks for acknowledged it in time, though the node coordinating it applied it: retrying the
 * write is safe (see {@link RingcacheClient}).
 */
public class ServerErrorException extends RingcacheException {
    private static final long serialVersionUID = 1L;
    private final short status;
    private final long epoch;

    public ServerErrorException(short status, String message, long epoch) {
        super(Status.name(status) + ": " + message);
        this.status = status;
        this.epoch = epoch;
    }

    public short status() {
        return status;
    }

    public long epoch() {
        return epoch;
    }
}
