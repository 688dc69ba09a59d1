package io.ringcache.benchmarks.ycsb;

import java.util.function.Supplier;

/**
 * One client per JVM for all of YCSB's threads. YCSB makes a binding per thread and calls its {@code init} and
 * {@code cleanup} on that thread, but each client here is thread-safe, pipelines requests and has its own I/O
 * threads: one shared client is how an application would use it, and keeps YCSB's thread count from multiplying
 * I/O threads. The first {@link #acquire} opens it, the last {@link #release} closes it.
 */
final class SharedClient<T extends AutoCloseable> {
    private T client;
    private int users;

    synchronized T acquire(Supplier<T> open) {
        if (users == 0) {
            client = open.get();
        }
        users++;
        return client;
    }

    synchronized void release() throws Exception {
        if (users == 0) {
            throw new IllegalStateException("released more often than acquired");
        }
        users--;
        if (users == 0) {
            T closing = client;
            client = null;
            closing.close();
        }
    }
}
