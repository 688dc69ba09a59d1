package io.ringcache.client;

/** No answer came within the request's deadline. */
public class RequestTimeoutException extends RingcacheException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message) {
        super(message);
    }
}
