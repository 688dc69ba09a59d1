package io.ringcache.server.replication;

/**
 * A FIFO of {@link AckWaiter}s, each with two numbers its owner gives meaning to (a link: the frame awaited and the
 * key of the write; the timeout queue: the waiter's generation and deadline). Parallel arrays in a ring that grows by
 * doubling rather than a queue of records, so that a QUORUM write allocates nothing once the rings have grown to the
 * load.
 */
final class WaiterQueue {
    private static final int INITIAL_CAPACITY = 64;

    private AckWaiter[] waiters = new AckWaiter[INITIAL_CAPACITY];
    private long[] firsts = new long[INITIAL_CAPACITY];
    private long[] seconds = new long[INITIAL_CAPACITY];
    private int head;
    private int size;

    void add(AckWaiter waiter, long first, long second) {
        if (size == waiters.length) {
            grow();
        }
        int at = (head + size++) & (waiters.length - 1);
        waiters[at] = waiter;
        firsts[at] = first;
        seconds[at] = second;
    }

    boolean isEmpty() {
        return size == 0;
    }

    AckWaiter headWaiter() {
        return waiters[head];
    }

    long headFirst() {
        return firsts[head];
    }

    long headSecond() {
        return seconds[head];
    }

    /** Drops the oldest entry; read it with the head methods first. */
    void removeHead() {
        waiters[head] = null;
        head = (head + 1) & (waiters.length - 1);
        size--;
    }

    /** Drops every entry. */
    void clear() {
        while (size > 0) {
            removeHead();
        }
    }

    private void grow() {
        int capacity = waiters.length * 2;
        AckWaiter[] newWaiters = new AckWaiter[capacity];
        long[] newFirsts = new long[capacity];
        long[] newSeconds = new long[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (waiters.length - 1);
            newWaiters[i] = waiters[from];
            newFirsts[i] = firsts[from];
            newSeconds[i] = seconds[from];
        }
        waiters = newWaiters;
        firsts = newFirsts;
        seconds = newSeconds;
        head = 0;
    }
}
