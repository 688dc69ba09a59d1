package io.ringcache.protocol;

/** A peer sent bytes that break the protocol: the connection they came on cannot be trusted any more. */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
