package io.ringcache.client;

/** Any failure of a cache operation: the node answered with an error, could not be reached, or did not answer. */
public class RingcacheException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RingcacheException(String message) {
        super(message);
    }

    public RingcacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
