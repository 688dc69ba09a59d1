package io.ringcache.benchmarks.compare;

import io.ringcache.benchmarks.load.KeyChooser;
import io.ringcache.benchmarks.load.KeySpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The next request of a workload, for one sender: a key from that sender's {@link KeyChooser}, a read or a write by
 * the workload's read ratio (or a batched read), and the misses it finds. Closed-loop sessions ({@link ClosedLoop})
 * and open-loop senders ({@link OpenLoop}) draw their requests here, so both loads ask the same things. Not
 * thread-safe: one per sender.
 */
final class RequestMix {
    private final ComparedStore store;
    private final Workload workload;
    private final KeySpace keys;
    private final byte[] value;
    private final LongAdder misses;
    private final KeyChooser chooser;
    private final Random mix;

    /** Sender {@code id} picks its keys and its reads or writes from seeds of its own, the same in every run. */
    RequestMix(ComparedStore store, Workload workload, KeySpace keys, byte[] value, LongAdder misses, int id) {
        this.store = store;
        this.workload = workload;
        this.keys = keys;
        this.value = value;
        this.misses = misses;
        this.chooser = KeyChooser.parse(workload.distribution(), keys.count(), id * 7919L + 1);
        this.mix = new Random(id);
    }

    /** Sends the next request. Never throws: a store that refuses at once gives a failed future instead. */
    CompletableFuture<?> send() {
        try {
            return sendOrThrow();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<?> sendOrThrow() {
        if (workload.batch() > 0) {
            List<byte[]> batch = new ArrayList<>(workload.batch());
            for (int i = 0; i < workload.batch(); i++) {
                batch.add(keys.key(chooser.next()));
            }
            return store.getMany(batch).thenAccept(found -> misses.add(workload.batch() - found));
        }
        byte[] key = keys.key(chooser.next());
        if (mix.nextDouble() < workload.readRatio()) {
            return store.get(key).thenAccept(found -> {
                if (!found) {
                    misses.increment();
                }
            });
        }
        return store.set(key, value);
    }
}
