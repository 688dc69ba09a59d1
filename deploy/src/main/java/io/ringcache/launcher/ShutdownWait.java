package io.ringcache.launcher;

import java.util.concurrent.CountDownLatch;

/**
 * How the foreground commands ({@code node}, {@code manager}, {@code local}) run until SIGTERM or Ctrl-C: the main
 * thread waits while a shutdown hook stops what the command started, so that the JVM exits only once that is done.
 */
final class ShutdownWait {
    private ShutdownWait() {
    }

    /** Blocks until the JVM shuts down; {@code stop} runs first, on a shutdown-hook thread named {@code name}. */
    static void await(String name, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, name));
        stopped.await();
    }
}
