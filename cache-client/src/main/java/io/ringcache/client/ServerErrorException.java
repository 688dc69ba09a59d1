package io.ringcache.client;

import io.ringcache.protocol.Status;

/** The node refused a request with an error status; {@link #status()} is the protocol's code. */
public class ServerErrorException extends RingcacheException {
    private static final long serialVersionUID = 1L;
    private final short status;

    public ServerErrorException(short status, String message) {
        super(Status.name(status) + ": " + message);
        this.status = status;
    }

    public short status() {
        return status;
    }
}
