package io.ringcache.client;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.client.transport.NodeConnection;
import io.ringcache.client.transport.RequestWriter;
import io.ringcache.client.transport.ResponseReader;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.codec.ResponseDecoder;
import io.ringcache.protocol.netty.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The application's handle on a Ringcache node: synchronous and asynchronous get, put, delete, touch and their
 * batch forms, over one pipelined connection.
 *
 * <p>Thread-safe; build one per application with {@link #builder()} and {@link #close()} it on shutdown, which also
 * stops its I/O thread. Futures complete on that I/O thread, so callbacks attached to them must not block.
 * Arguments are checked against the protocol limits before anything is sent.
 */
public final class RingcacheClient implements AutoCloseable {
    /** CAS version of an unconditional put; entry versions start at 1. */
    private static final long NO_VERSION = 0;

    private final EventLoopGroup group;
    private final NodeConnection connection;
    private final long epoch = 0;
    private volatile boolean closed;

    private RingcacheClient(Builder builder) {
        Transport transport = Transport.select(builder.nativeTransport);
        this.group = transport.newGroup(builder.ioThreads, new DefaultThreadFactory("ringcache-client", true));
        RingcacheException last = null;
        NodeConnection connected = null;
        for (InetSocketAddress seed : builder.seeds) {
            NodeConnection candidate = new NodeConnection(seed, group, transport, builder.timeout.toNanos(),
                    (int) builder.connectTimeout.toMillis());
            try {
                candidate.connect();
                connected = candidate;
                break;
            } catch (RingcacheException e) {
                candidate.close();
                last = e;
            }
        }
        if (connected == null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw last;
        }
        this.connection = connected;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value stored under {@code key}, or null when it is absent or expired. */
    public CacheValue get(byte[] key) {
        return join(getAsync(key));
    }

    public CompletableFuture<CacheValue> getAsync(byte[] key) {
        checkKey(key);
        return send((out, id) -> RequestEncoder.get(out, id, epoch, key), RingcacheClient::readValue);
    }

    /** Stores {@code value} under {@code key} without expiry; returns the entry's new version. */
    public long put(byte[] key, byte[] value) {
        return put(key, value, null);
    }

    /** Stores {@code value} under {@code key}, expiring after {@code ttl} (null or zero: never). */
    public long put(byte[] key, byte[] value, Duration ttl) {
        return join(putAsync(key, value, ttl, 0));
    }

    public CompletableFuture<Long> putAsync(byte[] key, byte[] value, Duration ttl, int flags) {
        return putAsync(key, value, ttl, flags, NO_VERSION);
    }

    /**
     * Stores {@code value} only if the entry's current version is {@code expectedVersion} (compare-and-set).
     *
     * @return the new version, or 0 when the key is absent or its version differs
     */
    public long putIfVersion(byte[] key, byte[] value, Duration ttl, long expectedVersion) {
        if (expectedVersion <= 0) {
            throw new IllegalArgumentException("expected version must be positive, was " + expectedVersion);
        }
        return join(putAsync(key, value, ttl, 0, expectedVersion));
    }

    /** Removes {@code key}; returns whether it was there. */
    public boolean delete(byte[] key) {
        return join(deleteAsync(key));
    }

    public CompletableFuture<Boolean> deleteAsync(byte[] key) {
        checkKey(key);
        return send((out, id) -> RequestEncoder.delete(out, id, epoch, key), RingcacheClient::readFound);
    }

    /** Gives {@code key} a new TTL (null or zero: no expiry); returns false when the key is absent. */
    public boolean touch(byte[] key, Duration ttl) {
        return join(touchAsync(key, ttl));
    }

    public CompletableFuture<Boolean> touchAsync(byte[] key, Duration ttl) {
        checkKey(key);
        long ttlMs = ttlMillis(ttl);
        return send((out, id) -> RequestEncoder.touch(out, id, epoch, key, ttlMs), RingcacheClient::readFound);
    }

    /** Reads many keys; the answer lists them in order, with null for each key that missed. */
    public List<CacheValue> getAll(List<byte[]> keys) {
        return join(getAllAsync(keys));
    }

    public CompletableFuture<List<CacheValue>> getAllAsync(List<byte[]> keys) {
        byte[][] array = keys.toArray(new byte[0][]);
        Arrays.stream(array).forEach(RingcacheClient::checkKey);
        List<CompletableFuture<List<CacheValue>>> parts = new ArrayList<>();
        for (int from = 0; from < array.length; from += Limits.MAX_BATCH_KEYS) {
            int start = from;
            int end = Math.min(array.length, from + Limits.MAX_BATCH_KEYS);
            parts.add(send((out, id) -> RequestEncoder.mget(out, id, epoch, array, start, end),
                    RingcacheClient::readValues));
        }
        return concat(parts);
    }

    /** Stores many entries with one TTL; returns their new versions, in order. */
    public long[] putAll(List<byte[]> keys, List<byte[]> values, Duration ttl) {
        List<Long> versions = join(putAllAsync(keys, values, ttl));
        return versions.stream().mapToLong(Long::longValue).toArray();
    }

    public CompletableFuture<List<Long>> putAllAsync(List<byte[]> keys, List<byte[]> values, Duration ttl) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException("putAll needs one value per key, got " + keys.size() + " keys and "
                    + values.size() + " values");
        }
        byte[][] keyArray = keys.toArray(new byte[0][]);
        byte[][] valueArray = values.toArray(new byte[0][]);
        for (int i = 0; i < keyArray.length; i++) {
            checkKey(keyArray[i]);
            checkValue(valueArray[i]);
        }
        long ttlMs = ttlMillis(ttl);
        List<CompletableFuture<List<Long>>> parts = new ArrayList<>();
        int from = 0;
        while (from < keyArray.length) {
            int end = from;
            long bytes = 2;
            while (end < keyArray.length && end - from < Limits.MAX_BATCH_KEYS) {
                long item = 18L + keyArray[end].length + valueArray[end].length;
                if (end > from && bytes + item > Limits.MAX_BATCH_BODY) {
                    break;
                }
                bytes += item;
                end++;
            }
            int start = from;
            int stop = end;
            parts.add(send((out, id) -> RequestEncoder.mset(out, id, epoch, keyArray, valueArray, start, stop, 0,
                    ttlMs), RingcacheClient::readVersions));
            from = end;
        }
        return concat(parts);
    }

    /** Removes many keys; returns, in order, whether each was there. */
    public boolean[] deleteAll(List<byte[]> keys) {
        List<Boolean> existed = join(deleteAllAsync(keys));
        boolean[] result = new boolean[existed.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = existed.get(i);
        }
        return result;
    }

    public CompletableFuture<List<Boolean>> deleteAllAsync(List<byte[]> keys) {
        byte[][] array = keys.toArray(new byte[0][]);
        Arrays.stream(array).forEach(RingcacheClient::checkKey);
        List<CompletableFuture<List<Boolean>>> parts = new ArrayList<>();
        for (int from = 0; from < array.length; from += Limits.MAX_BATCH_KEYS) {
            int start = from;
            int end = Math.min(array.length, from + Limits.MAX_BATCH_KEYS);
            parts.add(send((out, id) -> RequestEncoder.mdelete(out, id, epoch, array, start, end),
                    RingcacheClient::readExisted));
        }
        return concat(parts);
    }

    /** The node's counters by name, in the order it reports them. */
    public Map<String, Long> stats() {
        return join(send((out, id) -> RequestEncoder.stats(out, id, epoch), RingcacheClient::readStats));
    }

    /** Round trip to the node; throws when it does not answer. */
    public void ping() {
        join(send((out, id) -> RequestEncoder.ping(out, id, epoch), response -> Boolean.TRUE));
    }

    /** Closes the connection and stops the client's I/O thread. Further calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private CompletableFuture<Long> putAsync(byte[] key, byte[] value, Duration ttl, int flags, long casVersion) {
        checkKey(key);
        checkValue(value);
        long ttlMs = ttlMillis(ttl);
        return send((out, id) -> RequestEncoder.set(out, id, epoch, key, value, flags, ttlMs, casVersion),
                RingcacheClient::readPut);
    }

    private <T> CompletableFuture<T> send(RequestWriter writer, ResponseReader<T> reader) {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
        return connection.send(writer, reader);
    }

    private static <T> CompletableFuture<List<T>> concat(List<CompletableFuture<List<T>>> parts) {
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<T> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.join()));
            return all;
        });
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
    }

    private static CacheValue readValue(ResponseDecoder response) {
        if (response.status() == Status.NOT_FOUND) {
            return null;
        }
        response.readValueItem();
        CacheValue value = toValue(response);
        response.expectEnd();
        return value;
    }

    private static CacheValue toValue(ResponseDecoder response) {
        return new CacheValue(response.copyValue(), response.flags(), response.ttlRemainingMs(),
                response.version());
    }

    private static Long readPut(ResponseDecoder response) {
        if (response.status() != Status.OK) {
            return 0L;
        }
        long version = response.readVersion();
        response.expectEnd();
        return version;
    }

    private static Boolean readFound(ResponseDecoder response) {
        return response.status() == Status.OK;
    }

    private static List<CacheValue> readValues(ResponseDecoder response) {
        int count = response.readCount();
        List<CacheValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (response.readItemStatus() == Status.OK) {
                response.readValueItem();
                values.add(toValue(response));
            } else {
                values.add(null);
            }
        }
        response.expectEnd();
        return values;
    }

    private static List<Long> readVersions(ResponseDecoder response) {
        int count = response.readCount();
        List<Long> versions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            short status = response.readItemStatus();
            long version = response.readVersion();
            if (status != Status.OK) {
                throw new ServerErrorException(status, "item " + i + " of the batch was not stored");
            }
            versions.add(version);
        }
        response.expectEnd();
        return versions;
    }

    private static List<Boolean> readExisted(ResponseDecoder response) {
        int count = response.readCount();
        List<Boolean> existed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            existed.add(response.readItemStatus() == Status.OK);
        }
        response.expectEnd();
        return existed;
    }

    private static Map<String, Long> readStats(ResponseDecoder response) {
        int count = response.readCount();
        Map<String, Long> stats = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            response.readStat();
            stats.put(response.statName(), response.statValue());
        }
        response.expectEnd();
        return stats;
    }

    private static void checkKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.length < Limits.MIN_KEY_LENGTH || key.length > Limits.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key length must be " + Limits.MIN_KEY_LENGTH + ".."
                    + Limits.MAX_KEY_LENGTH + " bytes, was " + key.length);
        }
    }

    private static void checkValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        if (value.length > Limits.MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value length must be at most " + Limits.MAX_VALUE_LENGTH
                    + " bytes, was " + value.length);
        }
    }

    private static long ttlMillis(Duration ttl) {
        if (ttl == null || ttl.isZero()) {
            return 0;
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        long ms = Math.max(1, ttl.toMillis());
        if (ms > Limits.MAX_TTL_MS) {
            throw new IllegalArgumentException("ttl must be at most " + Limits.MAX_TTL_MS + " ms, was " + ms);
        }
        return ms;
    }

    /** Configures and builds a {@link RingcacheClient}. */
    public static final class Builder {
        private final List<InetSocketAddress> seeds = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private int ioThreads = 1;
        private boolean nativeTransport = true;

        private Builder() {
        }

        /** Node addresses as {@code host:port} (each may be a comma-separated list); the first that answers. */
        public Builder seeds(String... addresses) {
            for (String list : addresses) {
                for (String address : list.split(",")) {
                    if (!address.isBlank()) {
                        seeds.add(parseAddress(address.trim()));
                    }
                }
            }
            return this;
        }

        /** Per-request deadline (default 1 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connect timeout", connectTimeout);
            return this;
        }

        /** I/O threads of the client (default 1). */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /** Whether to use native epoll when available (default true). */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /** Connects to the first reachable seed; throws {@link RingcacheException} when none answers. */
        public RingcacheClient build() {
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("at least one seed address is needed");
            }
            return new RingcacheClient(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        static InetSocketAddress parseAddress(String address) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("address must be host:port, was '" + address + "'");
            }
            String host = address.substring(0, colon).trim();
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address must be host:port, was '" + address + "'", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port + " in '" + address + "'");
            }
            return InetSocketAddress.createUnresolved(host, port);
        }
    }
}
