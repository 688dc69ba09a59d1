package io.ringcache.client.transport;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;

/** A request sent and not yet answered: how to read its answer, the caller's future, and its timeout task. */
final class PendingRequest<T> {
    final ResponseReader<T> reader;
    final CompletableFuture<T> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> timeout;

    PendingRequest(ResponseReader<T> reader) {
        this.reader = reader;
    }

    void complete(T result) {
        cancelTimeout();
        future.complete(result);
    }

    void fail(Throwable cause) {
        cancelTimeout();
        future.completeExceptionally(cause);
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeout;
        if (task != null) {
            task.cancel(false);
        }
    }
}
