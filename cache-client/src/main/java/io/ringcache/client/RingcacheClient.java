package io.ringcache.client;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.client.routing.ClusterTopologySource;
import io.ringcache.client.routing.TopologySource;
import io.ringcache.client.transport.ResponseReader;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.ReadConsistency;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.WriteConsistency;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.codec.ResponseDecoder;
import io.ringcache.protocol.netty.Transport;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;

/**
 * The application's handle on a Ringcache cluster: synchronous and asynchronous get, put, delete, touch and their
 * batch forms, each routed by consistent hashing to the nodes that hold its keys.
 *
 * <p>Thread-safe; build one per application with {@link #builder()} and {@link #close()} it on shutdown, which also
 * stops its I/O threads. Futures complete on those threads, so callbacks attached to them must not block.
 * Arguments are checked against the protocol limits before anything is sent. A read or write whose node cannot be
 * reached or does not answer within the timeout is sent to the key's next replica at once; each node tried gets
 * the full timeout.
 *
 * <p>Every operation has a consistency level, the client's default ({@link Builder#writeConsistency},
 * {@link Builder#readConsistency}, both ONE unless set) or the one passed to the overload that takes it. A write's
 * {@link WriteConsistency} is how many copies the node coordinating it (the key's primary, or the replica the client
 * failed over to) waits for before it answers. A read's {@link ReadConsistency} is where it goes: ONE to the
 * primary; ANY_REPLICA to each of the key's replicas in turn, to spread a hot key's load (with replication being
 * asynchronous, it may return an older value); QUORUM to a majority of the replicas at once, returning the answer
 * with the newest version (a newer delete wins over an older value), or failing with
 * {@link QuorumNotReachedException} when fewer replicas answer.
 *
 * <p>A write that too few replicas acknowledged in time fails with a {@link ServerErrorException} whose status is
 * {@link Status#UNAVAILABLE}, and is not sent to another replica: the coordinator has applied it (and maybe some
 * replicas have), so it may be read later, or be lost with the coordinator. Retrying it is safe. A retried put or
 * putAll stores the values again under new versions, a retried delete returns false and a retried touch true, and a
 * retried putIfVersion returns 0, because the first attempt already moved the version: read the key to see whether
 * it holds your value.
 */
public final class RingcacheClient implements AutoCloseable {
    /** CAS version of an unconditional put; entry versions start at 1. */
    private static final long NO_VERSION = 0;

    private final EventLoopGroup group;
    private final ClusterDispatcher dispatcher;
    private final ClientMetrics metrics;
    private final WriteConsistency writeConsistency;
    private final ReadConsistency readConsistency;
    private volatile boolean closed;

    private RingcacheClient(Builder builder) {
        Transport transport = Transport.select(builder.nativeTransport);
        this.group = transport.newGroup(builder.ioThreads, new DefaultThreadFactory("ringcache-client", true));
        TopologySource source = builder.topologySource != null ? builder.topologySource
                : new ClusterTopologySource(builder.seeds, builder.replicationFactor, builder.vnodes, group, transport,
                        builder.timeout.toNanos(), (int) builder.connectTimeout.toMillis(),
                        builder.topologyPollInterval.toMillis());
        this.dispatcher = new ClusterDispatcher(source, group, transport, builder.timeout.toNanos(),
                (int) builder.connectTimeout.toMillis(), builder.connectionsPerNode);
        this.metrics = dispatcher.metrics();
        this.writeConsistency = builder.writeConsistency;
        this.readConsistency = builder.readConsistency;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the client has done so far: requests, hits, misses, errors, retries, failovers, latencies per node. */
    public ClientMetrics metrics() {
        return metrics;
    }

    /** The topology the client currently routes by. */
    public Topology topology() {
        return dispatcher.topology();
    }

    /** The value stored under {@code key}, or null when it is absent or expired. */
    public CacheValue get(byte[] key) {
        return join(getAsync(key));
    }

    /** The value stored under {@code key}, read at {@code consistency}, or null when it is absent or expired. */
    public CacheValue get(byte[] key, ReadConsistency consistency) {
        return join(getAsync(key, consistency));
    }

    public CompletableFuture<CacheValue> getAsync(byte[] key) {
        return getAsync(key, readConsistency);
    }

    public CompletableFuture<CacheValue> getAsync(byte[] key, ReadConsistency consistency) {
        checkKey(key);
        ReadConsistency level = checkLevel(consistency);
        ensureOpen();
        ClusterDispatcher.KeyRequest request = (out, id, epoch) -> RequestEncoder.get(out, id, epoch, key);
        switch (level) {
            case ANY_REPLICA:
                return dispatcher.executeSpread(key, request, this::readValue);
            case QUORUM:
                return dispatcher.executeQuorum(key, request.withFlags(FrameHeader.FLAG_VERSIONED_MISS),
                        VersionedValue::readGet, VersionedValue::newer).thenApply(this::countValue);
            default:
                return dispatcher.execute(key, request, this::readValue);
        }
    }

    /** Stores {@code value} under {@code key} without expiry; returns the entry's new version. */
    public long put(byte[] key, byte[] value) {
        return put(key, value, null);
    }

    /** Stores {@code value} under {@code key}, expiring after {@code ttl} (null or zero: never). */
    public long put(byte[] key, byte[] value, Duration ttl) {
        return join(putAsync(key, value, ttl, 0));
    }

    /** Stores {@code value} under {@code key} at {@code consistency}, expiring after {@code ttl} (null: never). */
    public long put(byte[] key, byte[] value, Duration ttl, WriteConsistency consistency) {
        return join(putAsync(key, value, ttl, 0, consistency));
    }

    /** Stores {@code value} with opaque {@code flags}; completes with the entry's new version. */
    public CompletableFuture<Long> putAsync(byte[] key, byte[] value, Duration ttl, int flags) {
        return putAsync(key, value, ttl, flags, writeConsistency);
    }

    /** Stores {@code value} with opaque {@code flags} at {@code consistency}; completes with the new version. */
    public CompletableFuture<Long> putAsync(byte[] key, byte[] value, Duration ttl, int flags,
            WriteConsistency consistency) {
        return set(key, value, ttl, flags, NO_VERSION, consistency);
    }

    /**
     * Stores {@code value} only if the entry's current version is {@code expectedVersion} (compare-and-set).
     *
     * @return the new version, or 0 when the key is absent or its version differs
     */
    public long putIfVersion(byte[] key, byte[] value, Duration ttl, long expectedVersion) {
        return putIfVersion(key, value, ttl, expectedVersion, writeConsistency);
    }

    /**
     * Stores {@code value} at {@code consistency} only if the entry's current version is {@code expectedVersion}.
     *
     * @return the new version, or 0 when the key is absent or its version differs
     */
    public long putIfVersion(byte[] key, byte[] value, Duration ttl, long expectedVersion,
            WriteConsistency consistency) {
        if (expectedVersion <= 0) {
            throw new IllegalArgumentException("expected version must be positive, was " + expectedVersion);
        }
        return join(set(key, value, ttl, 0, expectedVersion, consistency));
    }

    /** Removes {@code key}; returns whether it was there. */
    public boolean delete(byte[] key) {
        return join(deleteAsync(key));
    }

    /** Removes {@code key} at {@code consistency}; returns whether it was there. */
    public boolean delete(byte[] key, WriteConsistency consistency) {
        return join(deleteAsync(key, consistency));
    }

    public CompletableFuture<Boolean> deleteAsync(byte[] key) {
        return deleteAsync(key, writeConsistency);
    }

    public CompletableFuture<Boolean> deleteAsync(byte[] key, WriteConsistency consistency) {
        checkKey(key);
        return write(key, consistency, (out, id, epoch) -> RequestEncoder.delete(out, id, epoch, key),
                RingcacheClient::readFound);
    }

    /** Gives {@code key} a new TTL (null or zero: no expiry); returns false when the key is absent. */
    public boolean touch(byte[] key, Duration ttl) {
        return join(touchAsync(key, ttl));
    }

    /** Gives {@code key} a new TTL (null or zero: no expiry) at {@code consistency}; false when it is absent. */
    public boolean touch(byte[] key, Duration ttl, WriteConsistency consistency) {
        return join(touchAsync(key, ttl, consistency));
    }

    public CompletableFuture<Boolean> touchAsync(byte[] key, Duration ttl) {
        return touchAsync(key, ttl, writeConsistency);
    }

    public CompletableFuture<Boolean> touchAsync(byte[] key, Duration ttl, WriteConsistency consistency) {
        checkKey(key);
        long ttlMs = ttlMillis(ttl);
        return write(key, consistency, (out, id, epoch) -> RequestEncoder.touch(out, id, epoch, key, ttlMs),
                RingcacheClient::readFound);
    }

    /** Reads many keys; the answer lists them in order, with null for each key that missed. */
    public List<CacheValue> getAll(List<byte[]> keys) {
        return join(getAllAsync(keys));
    }

    /** Reads many keys, each at {@code consistency}; the answer lists them in order, with null for each miss. */
    public List<CacheValue> getAll(List<byte[]> keys, ReadConsistency consistency) {
        return join(getAllAsync(keys, consistency));
    }

    public CompletableFuture<List<CacheValue>> getAllAsync(List<byte[]> keys) {
        return getAllAsync(keys, readConsistency);
    }

    public CompletableFuture<List<CacheValue>> getAllAsync(List<byte[]> keys, ReadConsistency consistency) {
        byte[][] array = keys.toArray(new byte[0][]);
        Arrays.stream(array).forEach(RingcacheClient::checkKey);
        ReadConsistency level = checkLevel(consistency);
        ensureOpen();
        IntToLongFunction itemBytes = i -> 2L + array[i].length;
        ClusterDispatcher.BatchRequest request = (out, id, epoch, indexes) -> RequestEncoder.mget(out, id, epoch,
                pick(array, indexes), 0, indexes.length);
        switch (level) {
            case ANY_REPLICA:
                return dispatcher.executeBatchSpread(array, itemBytes, request, this::readValues);
            case QUORUM:
                return dispatcher.executeBatchQuorum(array, itemBytes,
                        request.withFlags(FrameHeader.FLAG_VERSIONED_MISS), VersionedValue::readMget,
                        VersionedValue::newer).thenApply(this::countValues);
            default:
                return dispatcher.executeBatch(array, itemBytes, request, this::readValues);
        }
    }

    /** Stores many entries with one TTL; returns their new versions, in order. */
    public long[] putAll(List<byte[]> keys, List<byte[]> values, Duration ttl) {
        return putAll(keys, values, ttl, writeConsistency);
    }

    /** Stores many entries with one TTL at {@code consistency}; returns their new versions, in order. */
    public long[] putAll(List<byte[]> keys, List<byte[]> values, Duration ttl, WriteConsistency consistency) {
        List<Long> versions = join(putAllAsync(keys, values, ttl, consistency));
        return versions.stream().mapToLong(Long::longValue).toArray();
    }

    public CompletableFuture<List<Long>> putAllAsync(List<byte[]> keys, List<byte[]> values, Duration ttl) {
        return putAllAsync(keys, values, ttl, writeConsistency);
    }

    public CompletableFuture<List<Long>> putAllAsync(List<byte[]> keys, List<byte[]> values, Duration ttl,
            WriteConsistency consistency) {
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
        byte flags = checkLevel(consistency).flags();
        ensureOpen();
        ClusterDispatcher.BatchRequest request = (out, id, epoch, indexes) -> RequestEncoder.mset(out, id, epoch,
                pick(keyArray, indexes), pick(valueArray, indexes), 0, indexes.length, 0, ttlMs);
        return dispatcher.executeBatch(keyArray, i -> 20L + keyArray[i].length + valueArray[i].length,
                request.withFlags(flags), RingcacheClient::readVersions);
    }

    /** Removes many keys; returns, in order, whether each was there. */
    public boolean[] deleteAll(List<byte[]> keys) {
        return deleteAll(keys, writeConsistency);
    }

    /** Removes many keys at {@code consistency}; returns, in order, whether each was there. */
    public boolean[] deleteAll(List<byte[]> keys, WriteConsistency consistency) {
        List<Boolean> existed = join(deleteAllAsync(keys, consistency));
        boolean[] result = new boolean[existed.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = existed.get(i);
        }
        return result;
    }

    public CompletableFuture<List<Boolean>> deleteAllAsync(List<byte[]> keys) {
        return deleteAllAsync(keys, writeConsistency);
    }

    public CompletableFuture<List<Boolean>> deleteAllAsync(List<byte[]> keys, WriteConsistency consistency) {
        byte[][] array = keys.toArray(new byte[0][]);
        Arrays.stream(array).forEach(RingcacheClient::checkKey);
        byte flags = checkLevel(consistency).flags();
        ensureOpen();
        ClusterDispatcher.BatchRequest request = (out, id, epoch, indexes) -> RequestEncoder.mdelete(out, id, epoch,
                pick(array, indexes), 0, indexes.length);
        return dispatcher.executeBatch(array, i -> 2L + array[i].length, request.withFlags(flags),
                RingcacheClient::readExisted);
    }

    /** Every node's counters by name, in the order each reports them, keyed by node id. */
    public Map<String, Map<String, Long>> stats() {
        ensureOpen();
        Map<String, CompletableFuture<Map<String, Long>>> asked = new LinkedHashMap<>();
        for (NodeInfo node : dispatcher.nodes()) {
            asked.put(node.id(), dispatcher.executeOn(node, (out, id, epoch) -> RequestEncoder.stats(out, id, epoch),
                    RingcacheClient::readStats));
        }
        Map<String, Map<String, Long>> answers = new LinkedHashMap<>();
        asked.forEach((id, answer) -> answers.put(id, join(answer)));
        return answers;
    }

    /** A round trip to every node; throws when one does not answer. */
    public void ping() {
        ensureOpen();
        List<CompletableFuture<Boolean>> pongs = new ArrayList<>();
        for (NodeInfo node : dispatcher.nodes()) {
            pongs.add(dispatcher.executeOn(node, (out, id, epoch) -> RequestEncoder.ping(out, id, epoch),
                    response -> Boolean.TRUE));
        }
        pongs.forEach(RingcacheClient::join);
    }

    /** Closes every connection and stops the client's I/O threads. Later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dispatcher.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private CompletableFuture<Long> set(byte[] key, byte[] value, Duration ttl, int flags, long casVersion,
            WriteConsistency consistency) {
        checkKey(key);
        checkValue(value);
        long ttlMs = ttlMillis(ttl);
        return write(key, consistency, (out, id, epoch) -> RequestEncoder.set(out, id, epoch, key, value, flags,
                ttlMs, casVersion), RingcacheClient::readPut);
    }

    /** Sends a single-key write with its consistency level in the header flags. */
    private <T> CompletableFuture<T> write(byte[] key, WriteConsistency consistency,
            ClusterDispatcher.KeyRequest request, ResponseReader<T> reader) {
        byte flags = checkLevel(consistency).flags();
        ensureOpen();
        return dispatcher.execute(key, request.withFlags(flags), reader);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
    }

    private static byte[][] pick(byte[][] all, int[] indexes) {
        byte[][] picked = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            picked[i] = all[indexes[i]];
        }
        return picked;
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

    private CacheValue readValue(ResponseDecoder response) {
        if (response.status() == Status.NOT_FOUND) {
            metrics.misses.increment();
            return null;
        }
        metrics.hits.increment();
        response.readValueItem();
        CacheValue value = toValue(response);
        response.expectEnd();
        return value;
    }

    /** Counts a quorum read's combined answer as a hit or a miss and returns its value. */
    private CacheValue countValue(VersionedValue answer) {
        (answer.value() == null ? metrics.misses : metrics.hits).increment();
        return answer.value();
    }

    private List<CacheValue> countValues(List<VersionedValue> answers) {
        List<CacheValue> values = new ArrayList<>(answers.size());
        for (VersionedValue answer : answers) {
            values.add(countValue(answer));
        }
        return values;
    }

    static CacheValue toValue(ResponseDecoder response) {
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

    private List<CacheValue> readValues(ResponseDecoder response) {
        int count = response.readCount();
        List<CacheValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (response.readItemStatus() == Status.OK) {
                response.readValueItem();
                values.add(toValue(response));
                metrics.hits.increment();
            } else {
                values.add(null);
                metrics.misses.increment();
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
                throw new ServerErrorException(status, "item " + i + " of the batch was not stored",
                        response.epoch());
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

    private static <L extends Enum<L>> L checkLevel(L consistency) {
        if (consistency == null) {
            throw new IllegalArgumentException("consistency level must not be null");
        }
        return consistency;
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
        private final List<String> seeds = new ArrayList<>();
        private TopologySource topologySource;
        private Duration timeout = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration topologyPollInterval = Duration.ofMillis(500);
        private int ioThreads = 1;
        private int connectionsPerNode = 1;
        private int replicationFactor = Topology.DEFAULT_REPLICATION_FACTOR;
        private int vnodes = Topology.DEFAULT_VNODES;
        private boolean nativeTransport = true;
        private WriteConsistency writeConsistency = WriteConsistency.ONE;
        private ReadConsistency readConsistency = ReadConsistency.ONE;

        private Builder() {
        }

        /**
         * Where to learn the cluster: node or manager addresses as {@code host:port} (each argument may be a
         * comma-separated list). The client adopts the newest topology they publish; while none has been published
         * (no cluster manager), these nodes are the cluster, and the same nodes in any order route every key the
         * same way.
         */
        public Builder seeds(String... addresses) {
            for (String list : addresses) {
                for (String address : list.split(",")) {
                    if (!address.isBlank()) {
                        seeds.add(checkAddress(address.trim()));
                    }
                }
            }
            return this;
        }

        /** Where the topology comes from, instead of a static seed list. */
        public Builder topologySource(TopologySource source) {
            this.topologySource = source;
            return this;
        }

        /** How long one node has to answer one request before the next replica is tried (default 1 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connect timeout", connectTimeout);
            return this;
        }

        /** How often to ask the cluster for a newer topology (default 500 ms). */
        public Builder topologyPollInterval(Duration interval) {
            this.topologyPollInterval = positive("topology poll interval", interval);
            return this;
        }

        /** I/O threads of the client (default 1). */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = atLeastOne("ioThreads", ioThreads);
            return this;
        }

        /** Connections per node, each carrying any number of requests in flight (default 1). */
        public Builder connectionsPerNode(int connections) {
            this.connectionsPerNode = atLeastOne("connectionsPerNode", connections);
            return this;
        }

        /** Without a manager: how many replicas a key's reads and writes may fail over to (default 3). */
        public Builder replicationFactor(int replicationFactor) {
            this.replicationFactor = atLeastOne("replicationFactor", replicationFactor);
            return this;
        }

        /** Without a manager: virtual nodes per node on the ring (default 160). */
        public Builder vnodes(int vnodes) {
            this.vnodes = atLeastOne("vnodes", vnodes);
            return this;
        }

        /** The level of writes that do not name one (default ONE: the coordinator's own copy). */
        public Builder writeConsistency(WriteConsistency consistency) {
            this.writeConsistency = checkLevel(consistency);
            return this;
        }

        /** The level of reads that do not name one (default ONE: the key's primary, failing over). */
        public Builder readConsistency(ReadConsistency consistency) {
            this.readConsistency = checkLevel(consistency);
            return this;
        }

        /** Whether to use native epoll when available (default true). */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /** Builds the client; connections open on first use. */
        public RingcacheClient build() {
            if (seeds.isEmpty() && topologySource == null) {
                throw new IllegalArgumentException("at least one seed address is needed");
            }
            return new RingcacheClient(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static String checkAddress(String address) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("address must be host:port, was '" + address + "'");
            }
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address must be host:port, was '" + address + "'", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port + " in '" + address + "'");
            }
            return address;
        }
    }
}
