package io.ringcache.server.store;

import org.agrona.concurrent.Agent;

/**
 * Walks the store's indexes a few slots at a time and reclaims expired entries, so that expired data which nobody
 * reads again does not hold memory (lazy expiry on access alone would keep it until evicted). When a stripe's walk
 * completes, a table left sparse shrinks, and pages emptied by the reclaim go back to the budget.
 *
 * <p>An Agrona {@link Agent}: the node runs it on its own thread with an {@code AgentRunner} and an idle strategy
 * that sleeps when {@link #doWork()} finds nothing (e.g. {@code SleepingMillisIdleStrategy(100)}), and closes the
 * runner before closing the store. Each duty cycle holds one stripe lock for at most {@code slotsPerDutyCycle} slots,
 * so sweeping never stalls requests for long.
 */
public final class ExpirySweeper implements Agent {

    /** Slots examined per duty cycle: 4 KiB of index, a few microseconds under one stripe lock. */
    public static final int DEFAULT_SLOTS_PER_DUTY_CYCLE = 512;

    private final OffHeapStore store;
    private final int slotsPerDutyCycle;
    private int stripe;
    private int slot;

    public ExpirySweeper(OffHeapStore store, int slotsPerDutyCycle) {
        if (slotsPerDutyCycle < 1) {
            throw new IllegalArgumentException("slots per duty cycle must be positive, was " + slotsPerDutyCycle);
        }
        this.store = store;
        this.slotsPerDutyCycle = slotsPerDutyCycle;
    }

    /** Sweeps the next slots; returns how many expired entries it reclaimed. */
    @Override
    public int doWork() {
        final int reclaimed = store.sweep(stripe, slot, slotsPerDutyCycle);
        slot += slotsPerDutyCycle;
        if (slot >= store.stripeCapacity(stripe)) {
            slot = 0;
            stripe = (stripe + 1) % store.stripeCount();
        }
        return reclaimed;
    }

    /** Sweeps every stripe once from the start; for tests and for a node that wants a full pass now. */
    public int sweepAll() {
        int reclaimed = 0;
        for (int s = 0; s < store.stripeCount(); s++) {
            for (int from = 0; from < store.stripeCapacity(s); from += slotsPerDutyCycle) {
                reclaimed += store.sweep(s, from, slotsPerDutyCycle);
            }
        }
        return reclaimed;
    }

    @Override
    public String roleName() {
        return "ringcache-expiry-sweeper";
    }
}
