package io.ringcache.benchmarks.compare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request of the Memcached text protocol in flight, with the bytes to send and the state of its answer as the
 * answer's lines arrive. A connection answers its requests in order, so {@link MemcachedResponseDecoder} hands each
 * line to the oldest request until that request says it is answered.
 */
abstract class MemcachedRequest {
    private static final byte[] GET = "get".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "set ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_FLAGS_NO_EXPIRY = " 0 0 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELETE = "delete ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATS = "stats\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final short CRLF = ('\r' << 8) | '\n';

    /** The kinds of answer line a request may be handed, told apart without decoding the common ones. */
    enum Line { END, STORED, STAT, OTHER }

    final ByteBuf command;

    MemcachedRequest(ByteBuf command) {
        this.command = command;
    }

    /** {@code get k1 k2 ...}: completes with the number of keys found. */
    static Get get(ByteBufAllocator alloc, List<byte[]> keys) {
        int size = GET.length + 2;
        for (byte[] key : keys) {
            size += key.length + 1;
        }
        ByteBuf out = alloc.ioBuffer(size);
        out.writeBytes(GET);
        for (byte[] key : keys) {
            out.writeByte(' ').writeBytes(key);
        }
        out.writeShort(CRLF);
        return new Get(out);
    }

    /** One {@code set} per key, all with the same value, flags 0 and no expiry: completes once all are stored. */
    static Store set(ByteBufAllocator alloc, List<byte[]> keys, byte[] value) {
        String length = Integer.toString(value.length);
        ByteBuf out = alloc.ioBuffer(keys.size() * (value.length + 120));
        for (byte[] key : keys) {
            out.writeBytes(SET).writeBytes(key).writeBytes(NO_FLAGS_NO_EXPIRY);
            ByteBufUtil.writeAscii(out, length);
            out.writeShort(CRLF).writeBytes(value).writeShort(CRLF);
        }
        return new Store(out, keys.size());
    }

    /** {@code delete k}: completes with whether the key was there. */
    static Delete delete(ByteBufAllocator alloc, byte[] key) {
        ByteBuf out = alloc.ioBuffer(DELETE.length + key.length + 2);
        out.writeBytes(DELETE).writeBytes(key).writeShort(CRLF);
        return new Delete(out);
    }

    /** {@code stats}: completes with every {@code STAT name value} line. */
    static Stats stats(ByteBufAllocator alloc) {
        return new Stats(alloc.ioBuffer(STATS.length).writeBytes(STATS));
    }

    /** A whole {@code VALUE} block was read; its data is {@code length} bytes of {@code in} at {@code index}. */
    void value(ByteBuf in, int index, int length) {
        throw new MemcachedException("VALUE in the answer to " + describe());
    }

    /**
     * Any other answer line ({@code text} is decoded only for STAT and OTHER); returns whether this request is now
     * answered. Throws {@link MemcachedException} for a line it cannot take.
     */
    abstract boolean line(Line kind, String text);

    /** Completes the future; called once the request is answered and no longer pending. */
    abstract void finish();

    abstract void fail(Throwable cause);

    abstract String describe();

    /**
     * A get or multi-get: completes with the values found, copied out as Ringcache's client and Lettuce copy theirs,
     * so that the load generator does the same work for every server.
     */
    static final class Get extends MemcachedRequest {
        final CompletableFuture<List<byte[]>> future = new CompletableFuture<>();
        private final List<byte[]> found = new ArrayList<>();

        Get(ByteBuf command) {
            super(command);
        }

        @Override
        void value(ByteBuf in, int index, int length) {
            found.add(ByteBufUtil.getBytes(in, index, length));
        }

        @Override
        boolean line(Line kind, String text) {
            if (kind != Line.END) {
                throw new MemcachedException("get answered '" + text + "'");
            }
            return true;
        }

        @Override
        void finish() {
            future.complete(found);
        }

        @Override
        void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }

        @Override
        String describe() {
            return "get";
        }
    }

    /** One or more sets sent together; every one must answer STORED. */
    static final class Store extends MemcachedRequest {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        private int unanswered;
        private String firstError;

        Store(ByteBuf command, int sets) {
            super(command);
            this.unanswered = sets;
        }

        @Override
        boolean line(Line kind, String text) {
            if (kind != Line.STORED && firstError == null) {
                firstError = kind == Line.OTHER ? text : kind.name();
            }
            return --unanswered == 0;
        }

        @Override
        void finish() {
            if (firstError == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(new MemcachedException("set answered '" + firstError + "'"));
            }
        }

        @Override
        void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }

        @Override
        String describe() {
            return "set";
        }
    }

    /** One delete: answered {@code DELETED} or {@code NOT_FOUND}. */
    static final class Delete extends MemcachedRequest {
        final CompletableFuture<Boolean> future = new CompletableFuture<>();
        private boolean deleted;

        Delete(ByteBuf command) {
            super(command);
        }

        @Override
        boolean line(Line kind, String text) {
            if (kind != Line.OTHER || !(text.equals("DELETED") || text.equals("NOT_FOUND"))) {
                throw new MemcachedException("delete answered '" + text + "'");
            }
            deleted = text.equals("DELETED");
            return true;
        }

        @Override
        void finish() {
            future.complete(deleted);
        }

        @Override
        void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }

        @Override
        String describe() {
            return "delete";
        }
    }

    /** The general statistics. */
    static final class Stats extends MemcachedRequest {
        final CompletableFuture<Map<String, String>> future = new CompletableFuture<>();
        private final Map<String, String> stats = new LinkedHashMap<>();

        Stats(ByteBuf command) {
            super(command);
        }

        @Override
        boolean line(Line kind, String text) {
            if (kind == Line.END) {
                return true;
            }
            if (kind != Line.STAT) {
                throw new MemcachedException("stats answered '" + text + "'");
            }
            String[] parts = text.split(" ", 3);
            if (parts.length == 3) {
                stats.put(parts[1], parts[2]);
            }
            return false;
        }

        @Override
        void finish() {
            future.complete(stats);
        }

        @Override
        void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }

        @Override
        String describe() {
            return "stats";
        }
    }
}
