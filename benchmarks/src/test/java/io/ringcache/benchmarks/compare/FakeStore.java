package io.ringcache.benchmarks.compare;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * A map behind a single "I/O" thread of its own (stopped by {@link #close()}), for the loads' tests and the YCSB
 * bindings' ({@code io.ringcache.benchmarks.ycsb.StoreBindingTest}): request {@code n} (counted from 0) is answered
 * on that thread {@code delay(n)} nanoseconds after it is made, or fails at once when that is negative.
 */
public final class FakeStore implements ValueStore {
    /**
     * One failure for every refused request: with no new stack trace to fill, refusing costs next to nothing, so a
     * test can count tens of thousands in a short round even on a busy machine.
     */
    private static final IllegalStateException DOWN = new IllegalStateException("down");
    final Map<ByteBuffer, byte[]> entries = new ConcurrentHashMap<>();
    final AtomicLong gets = new AtomicLong();
    final AtomicLong sets = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor();
    private final LongUnaryOperator delay;

    public FakeStore(LongUnaryOperator delay) {
        this.delay = delay;
    }

    /** Requests made, answered or not. */
    long requests() {
        return requests.get();
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public CompletableFuture<Boolean> get(byte[] key) {
        gets.incrementAndGet();
        return answer(() -> entries.containsKey(ByteBuffer.wrap(key)));
    }

    @Override
    public CompletableFuture<Void> set(byte[] key, byte[] value) {
        sets.incrementAndGet();
        return answer(() -> {
            entries.put(ByteBuffer.wrap(key), value);
            return null;
        });
    }

    @Override
    public CompletableFuture<byte[]> read(byte[] key) {
        return answer(() -> entries.get(ByteBuffer.wrap(key)));
    }

    @Override
    public CompletableFuture<Boolean> delete(byte[] key) {
        return answer(() -> entries.remove(ByteBuffer.wrap(key)) != null);
    }

    @Override
    public CompletableFuture<Integer> getMany(List<byte[]> keys) {
        return answer(() -> (int) keys.stream().filter(k -> entries.containsKey(ByteBuffer.wrap(k))).count());
    }

    @Override
    public CompletableFuture<Void> setMany(List<byte[]> keys, byte[] value) {
        return answer(() -> {
            keys.forEach(k -> entries.put(ByteBuffer.wrap(k), value));
            return null;
        });
    }

    @Override
    public CompletableFuture<StoreFacts> facts() {
        return answer(() -> new StoreFacts(entries.size(), -1));
    }

    /** Stops the "I/O" thread; answers still scheduled are dropped. */
    @Override
    public void close() {
        io.shutdownNow();
        try {
            if (!io.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake store's thread did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> answer(Supplier<T> work) {
        long nanos = delay.applyAsLong(requests.getAndIncrement());
        if (nanos < 0) {
            return CompletableFuture.failedFuture(DOWN);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        io.schedule(() -> answer.complete(work.get()), nanos, TimeUnit.NANOSECONDS);
        return answer;
    }
}
