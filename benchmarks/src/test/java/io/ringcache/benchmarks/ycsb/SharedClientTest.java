package io.ringcache.benchmarks.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One client for all of YCSB's threads: opened by the first, closed by the last. */
class SharedClientTest {
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    @Test
    void theFirstAcquireOpensAndTheLastReleaseCloses() throws Exception {
        SharedClient<AutoCloseable> shared = new SharedClient<>();
        AutoCloseable first = shared.acquire(this::open);
        AutoCloseable second = shared.acquire(this::open);
        assertSame(first, second);
        assertEquals(1, opened.get());
        shared.release();
        assertEquals(0, closed.get());
        shared.release();
        assertEquals(1, closed.get());

        assertNotSame(first, shared.acquire(this::open));
        assertEquals(2, opened.get());
    }

    @Test
    void aFailedOpenLeavesNoUserBehind() throws Exception {
        SharedClient<AutoCloseable> shared = new SharedClient<>();
        assertThrows(IllegalStateException.class, () -> shared.acquire(() -> {
            throw new IllegalStateException("cannot connect");
        }));
        shared.acquire(this::open);
        shared.release();
        assertEquals(1, closed.get());
        assertThrows(IllegalStateException.class, shared::release);
    }

    private AutoCloseable open() {
        opened.incrementAndGet();
        return closed::incrementAndGet;
    }
}
