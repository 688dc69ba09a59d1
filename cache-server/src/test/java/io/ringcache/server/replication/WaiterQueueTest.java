package io.ringcache.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The waiter FIFO keeps its entries in order while its ring wraps around and grows. */
class WaiterQueueTest {

    @Test
    void entriesComeOutInTheOrderTheyWentIn_acrossWrapsAndGrowth() {
        WaiterQueue queue = new WaiterQueue();
        AckWaiter[] waiters = new AckWaiter[3];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = new AckWaiter(null);
        }
        long next = 0;
        long expected = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 40 + round; i++) {
                queue.add(waiters[(int) (next % 3)], next, -next);
                next++;
            }
            for (int i = 0; i < 30; i++) {
                assertSame(waiters[(int) (expected % 3)], queue.headWaiter());
                assertEquals(expected, queue.headFirst());
                assertEquals(-expected, queue.headSecond());
                queue.removeHead();
                expected++;
            }
        }
        assertEquals(50 * 40 + 49 * 50 / 2 - 50 * 30, next - expected, "entries still queued");
        queue.clear();
        assertTrue(queue.isEmpty());
        queue.add(waiters[0], 7, 8);
        assertEquals(7, queue.headFirst());
        queue.removeHead();
        assertTrue(queue.isEmpty());
    }
}
