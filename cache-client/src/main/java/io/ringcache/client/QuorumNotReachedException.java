package io.ringcache.client;

/**
 * A QUORUM read could not get answers from a majority of the key's replicas: too many of them could not be reached
 * or did not answer in time, or too few serve the key at all. Exists apart from its parent so that a caller can
 * choose to fall back to a weaker read. The message says how many answers were needed and what failed last.
 */
public class QuorumNotReachedException extends RingcacheException {
    private static final long serialVersionUID = 1L;

    public QuorumNotReachedException(String message, Throwable cause) {
        super(message, cause);
    }
}
