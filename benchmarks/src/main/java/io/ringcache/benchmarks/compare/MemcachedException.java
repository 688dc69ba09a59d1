package io.ringcache.benchmarks.compare;

/** A Memcached answer this client cannot take: an error line, or a line that does not fit the request. */
final class MemcachedException extends RuntimeException {

    MemcachedException(String message) {
        super(message);
    }
}
