package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringcache.client.routing.Router;
import io.ringcache.client.routing.TopologySource;
import io.ringcache.client.transport.NodePool;
import io.ringcache.client.transport.ResponseReader;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.netty.Transport;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import java.util.function.IntToLongFunction;

/**
 * Sends each operation to the nodes that hold its keys and copes with the ones that fail.
 *
 * <p>A single-key operation goes to the key's primary; if that node cannot be reached or does not answer in time,
 * the operation is sent at once to the next replica, and so on down the replica list (nodes marked suspect are
 * tried last). A NOT_OWNER answer makes the dispatcher refresh its topology and try again, once. A batch is split by
 * the node that holds each key, sent to all of them in parallel in chunks within the protocol's limits, and merged
 * back in key order; the keys of a chunk whose node failed are regrouped by their next replica and sent again.
 *
 * <p>Reads may instead start at a rotating replica ({@code Spread} methods, to spread a hot key's load), or ask a
 * quorum of the replicas at once ({@code Quorum} methods): {@link Router#quorum} distinct replicas in replica order,
 * each that fails in transport replaced by the next replica, their answers combined into the newest. A quorum that
 * can no longer be had fails with {@link QuorumNotReachedException}. An error answer from a node (UNAVAILABLE among
 * them) is never sent to another replica: it reaches the caller.
 */
final class ClusterDispatcher implements AutoCloseable {
    private static final long PROBE_INTERVAL_MS = 200;
    /** Chunks of one batch in flight to one node at a time. */
    private static final int CHUNKS_IN_FLIGHT_PER_NODE = 4;

    /** Encodes one single-key request. */
    @FunctionalInterface
    interface KeyRequest {
        void write(ByteBuf out, int requestId, long epoch);

        /** This request with {@code flags} in its header (a consistency level, a versioned-miss request). */
        default KeyRequest withFlags(int flags) {
            return flags == 0 ? this : (out, requestId, epoch) -> {
                int frame = out.writerIndex();
                write(out, requestId, epoch);
                FrameHeader.flags(out, frame, flags);
            };
        }
    }

    /** Encodes one batch request for the keys at {@code indexes}. */
    @FunctionalInterface
    interface BatchRequest {
        void write(ByteBuf out, int requestId, long epoch, int[] indexes);

        /** This request with {@code flags} in its header (a consistency level, a versioned-miss request). */
        default BatchRequest withFlags(int flags) {
            return flags == 0 ? this : (out, requestId, epoch, indexes) -> {
                int frame = out.writerIndex();
                write(out, requestId, epoch, indexes);
                FrameHeader.flags(out, frame, flags);
            };
        }
    }

    private final Router router;
    private final TopologySource source;
    private final ConcurrentMap<String, NodePool> pools = new ConcurrentHashMap<>();
    private final ClientMetrics metrics = new ClientMetrics(pools);
    private final EventLoopGroup group;
    private final Transport transport;
    private final long timeoutNanos;
    private final int connectTimeoutMs;
    private final int connectionsPerNode;
    private final ScheduledFuture<?> prober;
    /** Where the next spread read starts in its key's replica list. */
    private final AtomicInteger nextSpread = new AtomicInteger();

    ClusterDispatcher(TopologySource source, EventLoopGroup group, Transport transport, long timeoutNanos,
            int connectTimeoutMs, int connectionsPerNode) {
        this.source = source;
        this.router = new Router(source.initial());
        this.group = group;
        this.transport = transport;
        this.timeoutNanos = timeoutNanos;
        this.connectTimeoutMs = connectTimeoutMs;
        this.connectionsPerNode = connectionsPerNode;
        source.subscribe(router::offer);
        this.prober = group.scheduleAtFixedRate(this::probeSuspects, PROBE_INTERVAL_MS, PROBE_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    ClientMetrics metrics() {
        return metrics;
    }

    Topology topology() {
        return router.ring().topology();
    }

    /** Routes a single-key operation to the key's replicas, in order, until one answers. */
    <T> CompletableFuture<T> execute(byte[] key, KeyRequest request, ResponseReader<T> reader) {
        metrics.requests.increment();
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(key, request, reader, targets(router.ring(), key, 0), 0, true, result);
        return result;
    }

    /** Like {@link #execute}, starting at the next replica in turn: successive calls spread over the replicas. */
    <T> CompletableFuture<T> executeSpread(byte[] key, KeyRequest request, ResponseReader<T> reader) {
        metrics.requests.increment();
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(key, request, reader, targets(router.ring(), key, nextSpread.getAndIncrement()), 0, true, result);
        return result;
    }

    /**
     * Sends a read to a quorum of the key's replicas at once and completes with their answers combined by
     * {@code newest}; fails with {@link QuorumNotReachedException} when too few replicas can answer.
     */
    <T> CompletableFuture<T> executeQuorum(byte[] key, KeyRequest request, ResponseReader<T> reader,
            BinaryOperator<T> newest) {
        metrics.requests.increment();
        CompletableFuture<T> result = new CompletableFuture<>();
        new QuorumRead<>(key, request, reader, newest, result).start(true);
        return result;
    }

    /** Sends a request to one node (STATS, PING). */
    <T> CompletableFuture<T> executeOn(NodeInfo node, KeyRequest request, ResponseReader<T> reader) {
        long epoch = router.epoch();
        return pool(node).send((out, id) -> request.write(out, id, epoch), reader);
    }

    /**
     * Routes a batch: each key to its node, in chunks of at most {@link Limits#MAX_BATCH_KEYS} keys and
     * {@link Limits#MAX_BATCH_BODY} bytes (by {@code itemBytes}), merged back in key order.
     */
    <T> CompletableFuture<List<T>> executeBatch(byte[][] keys, IntToLongFunction itemBytes, BatchRequest request,
            ResponseReader<List<T>> reader) {
        return run(new Batch<>(keys, itemBytes, request, reader, false, null));
    }

    /** Like {@link #executeBatch}, each key starting at the next replica in turn. */
    <T> CompletableFuture<List<T>> executeBatchSpread(byte[][] keys, IntToLongFunction itemBytes,
            BatchRequest request, ResponseReader<List<T>> reader) {
        return run(new Batch<>(keys, itemBytes, request, reader, true, null));
    }

    /**
     * Like {@link #executeBatch}, asking each key of a quorum of its replicas: every node gets one batch (in chunks)
     * of the keys it is a quorum member for, and each key's answers are combined by {@code newest}.
     */
    <T> CompletableFuture<List<T>> executeBatchQuorum(byte[][] keys, IntToLongFunction itemBytes,
            BatchRequest request, ResponseReader<List<T>> reader, BinaryOperator<T> newest) {
        return run(new Batch<>(keys, itemBytes, request, reader, false, newest));
    }

    private <T> CompletableFuture<List<T>> run(Batch<T> batch) {
        metrics.requests.add(batch.keys.length);
        int[] all = new int[batch.keys.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        batch.round(all);
        return batch.done;
    }

    /** The topology's nodes, for operations addressed to every node. */
    List<NodeInfo> nodes() {
        return router.ring().topology().nodes();
    }

    @Override
    public void close() {
        prober.cancel(false);
        source.close();
        pools.values().forEach(NodePool::close);
    }

    private <T> void attempt(byte[] key, KeyRequest request, ResponseReader<T> reader, List<NodePool> targets,
            int index, boolean mayRefresh, CompletableFuture<T> result) {
        if (targets.isEmpty()) {
            metrics.errors.increment();
            result.completeExceptionally(new RingcacheException("no node owns any key: the topology is empty"));
            return;
        }
        long epoch = router.epoch();
        targets.get(index).send((out, id) -> request.write(out, id, epoch), reader).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(failure);
            if (mayRefresh && isNotOwner(cause)) {
                metrics.retries.increment();
                source.refresh().whenComplete((topology, refreshFailure) -> {
                    if (topology != null) {
                        router.offer(topology);
                    }
                    attempt(key, request, reader, targets(router.ring(), key, 0), 0, false, result);
                });
            } else if (NodePool.isTransportFailure(cause) && index + 1 < targets.size()) {
                metrics.failovers.increment();
                attempt(key, request, reader, targets, index + 1, mayRefresh, result);
            } else {
                metrics.errors.increment();
                result.completeExceptionally(cause);
            }
        });
    }

    /**
     * One quorum read in progress: the replicas asked, how many answers are still missing, and the newest answer so
     * far. It sends to exactly as many replicas as answers are missing, so a replica that fails in transport is
     * replaced by the next untried one, and when none is left the quorum is out of reach. A NOT_OWNER answer starts
     * the read again, once, on a refreshed topology; answers to an abandoned start are ignored.
     */
    private final class QuorumRead<T> {
        private final byte[] key;
        private final KeyRequest request;
        private final ResponseReader<T> reader;
        private final BinaryOperator<T> newest;
        private final CompletableFuture<T> result;
        private int generation;
        private List<NodePool> replicas;
        private int quorum;
        private int missing;
        private int asked;
        private int failed;
        private T best;

        QuorumRead(byte[] key, KeyRequest request, ResponseReader<T> reader, BinaryOperator<T> newest,
                CompletableFuture<T> result) {
            this.key = key;
            this.request = request;
            this.reader = reader;
            this.newest = newest;
            this.result = result;
        }

        void start(boolean mayRefresh) {
            HashRing ring = router.ring();
            List<NodePool> targets = targets(ring, key, 0);
            int size = Router.quorum(ring);
            int gen;
            synchronized (this) {
                gen = ++generation;
                replicas = targets;
                quorum = size;
                missing = size;
                asked = Math.min(size, targets.size());
                failed = 0;
                best = null;
            }
            if (targets.isEmpty()) {
                fail(new RingcacheException("no node owns any key: the topology is empty"));
            } else if (targets.size() < size) {
                fail(new QuorumNotReachedException("QUORUM read needs answers from " + size
                        + " replicas of the key, and only " + targets.size() + " serve it", null));
            } else {
                long epoch = ring.topology().epoch();
                for (int i = 0; i < size; i++) {
                    send(gen, targets.get(i), epoch, mayRefresh);
                }
            }
        }

        private void send(int gen, NodePool pool, long epoch, boolean mayRefresh) {
            pool.send((out, id) -> request.write(out, id, epoch), reader).whenComplete((answer, failure) -> {
                if (failure == null) {
                    answered(gen, answer);
                } else {
                    failed(gen, unwrap(failure), epoch, mayRefresh);
                }
            });
        }

        private void answered(int gen, T answer) {
            T combined;
            synchronized (this) {
                if (gen != generation || result.isDone()) {
                    return;
                }
                best = best == null ? answer : newest.apply(best, answer);
                if (--missing > 0) {
                    return;
                }
                combined = best;
            }
            result.complete(combined);
        }

        private void failed(int gen, Throwable cause, long epoch, boolean mayRefresh) {
            NodePool replacement = null;
            Throwable failure = null;
            synchronized (this) {
                if (gen != generation || result.isDone()) {
                    return;
                }
                failed++;
                if (mayRefresh && isNotOwner(cause)) {
                    generation++;
                } else if (NodePool.isTransportFailure(cause) && asked < replicas.size()) {
                    replacement = replicas.get(asked++);
                } else if (NodePool.isTransportFailure(cause)) {
                    failure = new QuorumNotReachedException("QUORUM read needs answers from " + quorum + " of the "
                            + replicas.size() + " replicas of the key, and " + failed + " failed; last: "
                            + cause.getMessage(), cause);
                } else {
                    failure = cause;
                }
            }
            if (failure != null) {
                fail(failure);
            } else if (replacement != null) {
                metrics.failovers.increment();
                send(gen, replacement, epoch, mayRefresh);
            } else {
                metrics.retries.increment();
                source.refresh().whenComplete((topology, refreshFailure) -> {
                    if (topology != null) {
                        router.offer(topology);
                    }
                    start(false);
                });
            }
        }

        private void fail(Throwable cause) {
            metrics.errors.increment();
            result.completeExceptionally(cause);
        }
    }

    /**
     * One batch in progress: which replicas each key goes to, the answers so far, and the keys to send again. Each
     * key needs one answer, or with {@code newest} a quorum of answers ({@link Router#quorum}) combined by it. A
     * round sends every pending key to the replicas it still needs an answer from; a key whose chunk failed in
     * transport takes its next untried replica, and keys refused with NOT_OWNER are routed again by a refreshed
     * topology (once), in the next round.
     */
    private final class Batch<T> {
        private final byte[][] keys;
        private final IntToLongFunction itemBytes;
        private final BatchRequest request;
        private final ResponseReader<List<T>> reader;
        private final boolean spread;
        private final BinaryOperator<T> newest;
        private final Object[] results;
        /** Per key, how many of its replicas have been chosen: the first ones asked plus one per failure. */
        private final int[] chosen;
        /** Per key, how many of the chosen replicas have been sent to. */
        private final int[] sent;
        private final List<List<NodePool>> targets;
        private final CompletableFuture<List<T>> done = new CompletableFuture<>();
        private int needed;
        private volatile boolean refreshed;
        /** Nodes that failed in transport during this round: their remaining chunks fail over unsent. */
        private final Set<NodePool> failedPools = ConcurrentHashMap.newKeySet();
        private final RingcacheException unreachable = new RequestTimeoutException("node failed earlier in this batch");

        Batch(byte[][] keys, IntToLongFunction itemBytes, BatchRequest request, ResponseReader<List<T>> reader,
                boolean spread, BinaryOperator<T> newest) {
            this.keys = keys;
            this.itemBytes = itemBytes;
            this.request = request;
            this.reader = reader;
            this.spread = spread;
            this.newest = newest;
            this.results = new Object[keys.length];
            this.chosen = new int[keys.length];
            this.sent = new int[keys.length];
            this.targets = new ArrayList<>(keys.length);
            route();
        }

        /** Routes every key by the current ring, starting afresh: no replica chosen, no answer kept. */
        private void route() {
            HashRing ring = router.ring();
            needed = newest == null ? 1 : Router.quorum(ring);
            targets.clear();
            for (byte[] key : keys) {
                targets.add(targets(ring, key, spread ? nextSpread.getAndIncrement() : 0));
            }
            Arrays.fill(chosen, needed);
            Arrays.fill(sent, 0);
        }

        void round(int[] pending) {
            Map<NodePool, List<Integer>> byNode = new LinkedHashMap<>();
            for (int index : pending) {
                List<NodePool> replicas = targets.get(index);
                if (replicas.isEmpty()) {
                    metrics.errors.increment();
                    done.completeExceptionally(new RingcacheException("no node owns any key: the topology is empty"));
                    return;
                }
                if (replicas.size() < needed) {
                    metrics.errors.add(keys.length);
                    done.completeExceptionally(new QuorumNotReachedException("QUORUM read needs answers from "
                            + needed + " replicas of each key, and only " + replicas.size() + " serve key " + index
                            + " of the batch", null));
                    return;
                }
                for (; sent[index] < chosen[index]; sent[index]++) {
                    byNode.computeIfAbsent(replicas.get(sent[index]), pool -> new ArrayList<>()).add(index);
                }
            }
            failedPools.clear();
            Set<Integer> failedOver = ConcurrentHashMap.newKeySet();
            Set<Integer> misrouted = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> lanes = new ArrayList<>();
            long epoch = router.epoch();
            for (Map.Entry<NodePool, List<Integer>> entry : byNode.entrySet()) {
                List<int[]> nodeChunks = chunks(entry.getValue(), itemBytes);
                AtomicInteger nextChunk = new AtomicInteger();
                for (int lane = 0; lane < Math.min(CHUNKS_IN_FLIGHT_PER_NODE, nodeChunks.size()); lane++) {
                    lanes.add(sendChunks(entry.getKey(), nodeChunks, nextChunk, epoch, failedOver, misrouted));
                }
            }
            CompletableFuture.allOf(lanes.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    metrics.errors.add(keys.length);
                    done.completeExceptionally(unwrap(failure));
                } else if (!misrouted.isEmpty()) {
                    refreshed = true;
                    metrics.retries.add(misrouted.size());
                    Set<Integer> again = new HashSet<>(misrouted);
                    again.addAll(failedOver);
                    source.refresh().whenComplete((topology, refreshFailure) -> {
                        if (topology != null) {
                            router.offer(topology);
                        }
                        route();
                        for (int index : again) {
                            results[index] = null;
                        }
                        round(again.stream().mapToInt(Integer::intValue).sorted().toArray());
                    });
                } else if (!failedOver.isEmpty()) {
                    metrics.failovers.add(failedOver.size());
                    round(failedOver.stream().mapToInt(Integer::intValue).sorted().toArray());
                } else {
                    List<T> merged = new ArrayList<>(results.length);
                    for (Object item : results) {
                        @SuppressWarnings("unchecked")
                        T typed = (T) item;
                        merged.add(typed);
                    }
                    done.complete(merged);
                }
            });
        }

        /**
         * Sends a node's chunks one after another on one lane; a few lanes per node keep the node busy without
         * queueing so much at once that the last chunk's answer would take longer than the timeout. Never throws: a
         * chunk that fails the batch fails the lane's future, also when the lane starts on a node already failed.
         */
        private CompletableFuture<Void> sendChunks(NodePool pool, List<int[]> nodeChunks, AtomicInteger nextChunk,
                long epoch, Set<Integer> failedOver, Set<Integer> misrouted) {
            int next = nextChunk.getAndIncrement();
            if (next >= nodeChunks.size()) {
                return CompletableFuture.completedFuture(null);
            }
            int[] chunk = nodeChunks.get(next);
            if (failedPools.contains(pool)) {
                try {
                    moveOn(chunk, unreachable, failedOver, misrouted);
                } catch (CompletionException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return sendChunks(pool, nodeChunks, nextChunk, epoch, failedOver, misrouted);
            }
            return sendChunk(pool, chunk, epoch, failedOver, misrouted)
                    .thenCompose(ignored -> sendChunks(pool, nodeChunks, nextChunk, epoch, failedOver, misrouted));
        }

        /**
         * Sends one chunk. A chunk whose answer would be over the protocol's response limit (large values) is
         * refused TOO_LARGE by the node; it is split in halves and sent again, down to single keys.
         */
        private CompletableFuture<Void> sendChunk(NodePool pool, int[] chunk, long epoch, Set<Integer> failedOver,
                Set<Integer> misrouted) {
            return pool.send((out, id) -> request.write(out, id, epoch, chunk), reader).handle((items, failure) -> {
                if (failure == null) {
                    keep(chunk, items);
                    return CompletableFuture.<Void>completedFuture(null);
                }
                Throwable cause = unwrap(failure);
                if (chunk.length > 1 && cause instanceof ServerErrorException
                        && ((ServerErrorException) cause).status() == Status.TOO_LARGE) {
                    int[] first = Arrays.copyOfRange(chunk, 0, chunk.length / 2);
                    int[] second = Arrays.copyOfRange(chunk, chunk.length / 2, chunk.length);
                    return sendChunk(pool, first, epoch, failedOver, misrouted)
                            .thenCompose(done -> sendChunk(pool, second, epoch, failedOver, misrouted));
                }
                if (NodePool.isTransportFailure(cause)) {
                    failedPools.add(pool);
                }
                moveOn(chunk, cause, failedOver, misrouted);
                return CompletableFuture.<Void>completedFuture(null);
            }).thenCompose(next -> next);
        }

        /** Keeps a chunk's answers; a key's answers from several replicas (a quorum) are combined by newest. */
        private synchronized void keep(int[] chunk, List<T> items) {
            for (int i = 0; i < chunk.length; i++) {
                @SuppressWarnings("unchecked")
                T previous = (T) results[chunk[i]];
                results[chunk[i]] = newest == null || previous == null ? items.get(i)
                        : newest.apply(previous, items.get(i));
            }
        }

        /**
         * Sends a failed chunk's keys on: to a refreshed route after NOT_OWNER, to their next untried replica after a
         * transport failure (the node's remaining chunks follow without being sent to it), or fails the batch.
         */
        private synchronized void moveOn(int[] chunk, Throwable cause, Set<Integer> failedOver,
                Set<Integer> misrouted) {
            for (int index : chunk) {
                if (!refreshed && isNotOwner(cause)) {
                    misrouted.add(index);
                } else if (NodePool.isTransportFailure(cause) && chosen[index] < targets.get(index).size()) {
                    chosen[index]++;
                    failedOver.add(index);
                } else if (newest != null && NodePool.isTransportFailure(cause)) {
                    throw new CompletionException(new QuorumNotReachedException("QUORUM read needs answers from "
                            + needed + " replicas of each key, and " + (chosen[index] - needed + 1) + " of the "
                            + targets.get(index).size() + " replicas of key " + index + " of the batch failed; last: "
                            + cause.getMessage(), cause));
                } else {
                    throw new CompletionException(cause);
                }
            }
        }
    }

    /** Splits indexes into chunks within the protocol's batch limits. */
    private static List<int[]> chunks(List<Integer> indexes, IntToLongFunction itemBytes) {
        List<int[]> chunks = new ArrayList<>();
        int from = 0;
        while (from < indexes.size()) {
            int to = from;
            long bytes = 2;
            while (to < indexes.size() && to - from < Limits.MAX_BATCH_KEYS) {
                long item = itemBytes.applyAsLong(indexes.get(to));
                if (to > from && bytes + item > Limits.MAX_BATCH_BODY) {
                    break;
                }
                bytes += item;
                to++;
            }
            chunks.add(indexes.subList(from, to).stream().mapToInt(Integer::intValue).toArray());
            from = to;
        }
        return chunks;
    }

    /**
     * The pools of a key's replicas: healthy ones first in ring order, then suspect ones. A {@code rotation} other
     * than 0 starts the healthy ones that many places further along, wrapping around.
     */
    private List<NodePool> targets(HashRing ring, byte[] key, int rotation) {
        int[] replicas = new int[Math.max(1, ring.topology().replicationFactor())];
        int count = Router.replicas(ring, key, replicas);
        List<NodePool> healthy = new ArrayList<>(count);
        List<NodePool> suspect = new ArrayList<>(0);
        for (int i = 0; i < count; i++) {
            NodePool pool = pool(ring.node(replicas[i]));
            (pool.isSuspect() ? suspect : healthy).add(pool);
        }
        if (healthy.size() > 1) {
            Collections.rotate(healthy, -Math.floorMod(rotation, healthy.size()));
        }
        healthy.addAll(suspect);
        return healthy;
    }

    private NodePool pool(NodeInfo node) {
        return pools.computeIfAbsent(node.id(), id -> new NodePool(id,
                InetSocketAddress.createUnresolved(node.host(), node.port()), connectionsPerNode, group, transport,
                timeoutNanos, connectTimeoutMs));
    }

    /** Pings each suspect node so that it is used again as soon as it answers. */
    private void probeSuspects() {
        Set<String> members = new HashSet<>();
        for (NodeInfo node : router.ring().topology().nodes()) {
            members.add(node.id());
        }
        for (NodePool pool : pools.values()) {
            if (pool.isSuspect() && members.contains(pool.nodeId())) {
                pool.send((out, id) -> RequestEncoder.ping(out, id, router.epoch()), response -> Boolean.TRUE);
            }
        }
    }

    private static boolean isNotOwner(Throwable cause) {
        return cause instanceof ServerErrorException && ((ServerErrorException) cause).status() == Status.NOT_OWNER;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
