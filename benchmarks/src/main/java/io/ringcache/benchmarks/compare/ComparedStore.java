package io.ringcache.benchmarks.compare;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A cache server as the side-by-side comparison sees it: the few operations its workloads need, asynchronous so
 * that one closed-loop generator ({@link ClosedLoop}) drives Ringcache, Redis and Memcached the same way. Each
 * implementation uses that server's usual Java client (or, for Memcached, a minimal pipelining one) the way an
 * application would; futures may complete on the client's I/O thread, so nothing attached to them may block.
 */
public interface ComparedStore extends AutoCloseable {

    /** The name tables and JSON use: {@code ringcache}, {@code redis} or {@code memcached}. */
    String name();

    /** Reads one key; completes with whether it was there. */
    CompletableFuture<Boolean> get(byte[] key);

    /** Stores one entry without expiry. */
    CompletableFuture<Void> set(byte[] key, byte[] value);

    /** Reads many keys in one request (getAll, MGET, multi-get); completes with how many were there. */
    CompletableFuture<Integer> getMany(List<byte[]> keys);

    /** Stores many entries, all with the same value, in one request or one pipelined burst (used to preload). */
    CompletableFuture<Void> setMany(List<byte[]> keys, byte[] value);

    /** What the server says it holds: entries, and the bytes it accounts for them itself. */
    CompletableFuture<StoreFacts> facts();

    /** Closes the connections and stops the client's threads. */
    @Override
    void close();
}
