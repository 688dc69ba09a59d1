package io.ringcache.client.routing;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringcache.client.transport.NodeConnection;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.netty.Transport;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Learns the topology from the cluster itself: asks the seed addresses (nodes or managers) for theirs and keeps the
 * highest epoch, then polls the known nodes (every 500 ms by default) so that a change reaches the client within a
 * second. While every seed answers epoch 0 (no manager has published a topology) or none answers, the seed
 * list itself is the cluster, as with a static list of Memcached servers.
 */
public final class ClusterTopologySource implements TopologySource {
    private final List<String> seeds;
    private final EventLoopGroup group;
    private final Transport transport;
    private final long timeoutNanos;
    private final int connectTimeoutMs;
    private final long pollIntervalMs;
    private final Map<String, NodeConnection> connections = new ConcurrentHashMap<>();
    private final List<Consumer<Topology>> listeners = new CopyOnWriteArrayList<>();
    private volatile Topology latest;
    private final Object adoptLock = new Object();
    private final AtomicReference<CompletableFuture<Topology>> inFlight = new AtomicReference<>();
    private ScheduledFuture<?> poller;

    public ClusterTopologySource(List<String> seeds, int replicationFactor, int vnodesPerNode, EventLoopGroup group,
            Transport transport, long timeoutNanos, int connectTimeoutMs, long pollIntervalMs) {
        this.pollIntervalMs = pollIntervalMs;
        this.seeds = List.copyOf(seeds);
        this.group = group;
        this.transport = transport;
        this.timeoutNanos = timeoutNanos;
        this.connectTimeoutMs = connectTimeoutMs;
        this.latest = Topology.ofAddresses(seeds, replicationFactor, vnodesPerNode);
    }

    /** Asks the seeds, waiting at most about one timeout. */
    @Override
    public Topology initial() {
        try {
            refresh().get(timeoutNanos + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            // no seed answered in time: start from the seed list and let polling catch up
        }
        return latest;
    }

    /** Registers a listener and, with the first one, starts polling. */
    @Override
    public synchronized void subscribe(Consumer<Topology> listener) {
        listeners.add(listener);
        if (poller == null) {
            poller = group.scheduleWithFixedDelay(this::refresh, pollIntervalMs, pollIntervalMs,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Asks every known node and seed, adopting each newer answer as it arrives; completes with the newest topology
     * once all have answered or failed. Concurrent callers share one refresh in flight.
     */
    @Override
    public CompletableFuture<Topology> refresh() {
        CompletableFuture<Topology> running = inFlight.get();
        if (running != null) {
            return running;
        }
        CompletableFuture<Topology> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            return inFlight.get();
        }
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (String address : addresses()) {
            answers.add(connection(address)
                    .send((out, id) -> RequestEncoder.topology(out, id, latest.epoch()), r -> r.readTopology())
                    .thenAccept(this::adopt));
        }
        CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).whenComplete((done, failure) -> {
            inFlight.set(null);
            mine.complete(latest);
        });
        return mine;
    }

    @Override
    public void close() {
        ScheduledFuture<?> polling;
        synchronized (this) {
            polling = poller;
        }
        if (polling != null) {
            polling.cancel(false);
        }
        connections.values().forEach(NodeConnection::close);
    }

    /** Moves to {@code heard} if newer; never called under the monitor that {@link #close} takes. */
    private void adopt(Topology heard) {
        Topology current = latest;
        if (heard == null || heard.epoch() <= current.epoch() || heard.nodes().isEmpty()) {
            return;
        }
        synchronized (adoptLock) {
            if (heard.epoch() <= latest.epoch()) {
                return;
            }
            latest = heard;
        }
        for (Consumer<Topology> listener : listeners) {
            listener.accept(heard);
        }
    }

    private Set<String> addresses() {
        Set<String> addresses = new LinkedHashSet<>();
        for (NodeInfo node : latest.nodes()) {
            addresses.add(node.address());
        }
        addresses.addAll(seeds);
        return addresses;
    }

    private NodeConnection connection(String address) {
        return connections.computeIfAbsent(address, a -> {
            int colon = a.lastIndexOf(':');
            InetSocketAddress socket = InetSocketAddress.createUnresolved(a.substring(0, colon),
                    Integer.parseInt(a.substring(colon + 1)));
            return new NodeConnection(socket, group, transport, timeoutNanos, connectTimeoutMs);
        });
    }
}
