package io.ringcache.server.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.protocol.codec.NodeReport;
import io.ringcache.protocol.codec.ReplicationCodec;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.NodeTopology;
import io.ringcache.server.Placement;
import io.ringcache.server.replication.PeerGaps;
import io.ringcache.server.replication.Replication;
import io.ringcache.server.replication.ReplicationBacklog;
import io.ringcache.server.store.EntryVisitor;
import io.ringcache.server.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams keys to their new holders whenever the topology changes: to a joining or recovering node, to the next
 * owners of a leaving node, and to the nodes that take a DOWN node's place among a key's replicas.
 *
 * <p>A <em>pass</em> goes from the last topology whose moves this node finished (its baseline) to the newest one.
 * For every key this node held at the baseline, it sends the key to each of the key's holders now that was not a
 * holder then. Every old holder sends, not a chosen one, so a key reaches its new holder even when holders' baselines
 * differ; replicas keep only the newest version, so the duplicates cost bandwidth, not correctness. Writes made
 * while a pass runs reach the new holders anyway, as coordinators forward writes to the holders of both rings.
 *
 * <p>A node seen DOWN or RECOVERING in any topology adopted since the baseline counts as holding nothing, even if
 * it held the key at the baseline: it may have restarted with an empty store, and a pass that jumps from the baseline
 * to a newer topology would otherwise never send it anything.
 *
 * <p>The pass first counts what it will send (for progress), then scans the store stripe by stripe (each stripe
 * copied under its lock), sending each target its frames one at a time and waiting for each acknowledgement, at
 * most {@code bytesPerSecond}. A dropped connection is retried with the frame that was in flight; a newer topology
 * abandons the pass, and the next one starts from the same baseline. When a pass ends, the node reports the epoch as
 * synced, which is what the manager waits for before it flips ownership.
 */
public final class RangeMover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RangeMover.class);
    private static final int FRAME_BYTES = 1024 * 1024;
    private static final long IDLE_WAIT_MS = 1000;
    private static final long MIN_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 2000;

    private final Store store;
    private final NodeTopology topology;
    /** This node's id, encoded once for the REPLICATE frames the mover sends. */
    private final byte[] senderId;
    private final Replication replication;
    private final long bytesPerSecond;
    private final Thread thread;
    private final Object signal = new Object();
    private final Map<String, TransferProgress> progress = new ConcurrentHashMap<>();
    private final Map<String, TransferConnection> connections = new ConcurrentHashMap<>();
    /** Nodes seen DOWN or RECOVERING, with the newest epoch they were seen so in; see the class comment. */
    private final Map<String, Long> lostAt = new ConcurrentHashMap<>();
    /** For each node, the newest topology adopted here in which it served (eligible on the current ring). */
    private final Map<String, Placement> lastServing = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile long syncedEpoch;
    private final AtomicLong partialSyncs = new AtomicLong();
    private final AtomicLong fullSyncs = new AtomicLong();
    private int nextFrameId;
    private long passStartNanos;
    private long passBytes;

    /** A mover for {@code store}; {@code bytesPerSecond} of 0 means unthrottled. */
    public RangeMover(Store store, NodeTopology topology, Replication replication, long bytesPerSecond) {
        this.store = store;
        this.topology = topology;
        this.senderId = ReplicationCodec.senderId(topology.nodeId());
        this.replication = replication;
        this.bytesPerSecond = bytesPerSecond;
        this.thread = new Thread(this::run, "ringcache-mover-" + topology.nodeId());
        thread.setDaemon(true);
        topology.onChange(this::adopted);
    }

    private void adopted(Placement placement) {
        for (NodeInfo node : placement.topology().nodes()) {
            if (node.state() == NodeState.DOWN || node.state() == NodeState.RECOVERING) {
                lostAt.merge(node.id(), placement.epoch(), Math::max);
                replication.gaps().open(node.id(), replication.backlog().head());
            } else if (node.state().eligibleOnCurrent()) {
                lastServing.put(node.id(), placement);
            }
        }
        wake();
    }

    /** Lost nodes brought back by replaying the backlog, since the node started. */
    public long partialSyncs() {
        return partialSyncs.get();
    }

    /** Lost nodes brought back by streaming their ranges from the store, since the node started. */
    public long fullSyncs() {
        return fullSyncs.get();
    }

    public void start() {
        thread.start();
    }

    /** Holds (true) or resumes (false) transfers, as the manager's heartbeats say. */
    public void pause(boolean pause) {
        boolean wasPaused = paused;
        paused = pause;
        if (wasPaused && !pause) {
            wake();
        }
    }

    /** The newest epoch whose moves this node has finished. */
    public long syncedEpoch() {
        return syncedEpoch;
    }

    /** The streams of the running pass, one per target. */
    public List<NodeReport.Transfer> progress() {
        List<NodeReport.Transfer> transfers = new ArrayList<>();
        for (TransferProgress transfer : progress.values()) {
            transfers.add(transfer.snapshot());
        }
        return transfers;
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        Placement baseline = null;
        while (running) {
            Placement newest = topology.placement();
            try {
                if (baseline == null) {
                    baseline = newest;
                    syncedEpoch = newest.epoch();
                } else if (newest.epoch() != baseline.epoch()) {
                    if (pass(baseline, newest, lostSince(baseline))) {
                        baseline = newest;
                        long synced = newest.epoch();
                        lostAt.values().removeIf(epoch -> epoch < synced);
                    }
                    progress.clear();
                } else if (!repairGaps(newest)) {
                    // moves done and no holder missing records: the manager may flip
                    syncedEpoch = baseline.epoch();
                    learnIncarnations(newest);
                    synchronized (signal) {
                        if (topology.placement() == newest) {
                            signal.wait(IDLE_WAIT_MS);
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("range transfer for epoch {} failed; retrying", newest.epoch(), e);
                progress.clear();
                sleep(MAX_RETRY_MS);
            }
        }
    }

    /**
     * Moves what changed from {@code from} to {@code to}, where the {@code lost} nodes hold nothing of what
     * {@code from} gave them; returns false when a newer topology cut it short. Lost nodes that kept their memory
     * and whose gap the backlog still covers get a partial sync first, and count as holders from then on.
     */
    private boolean pass(Placement from, Placement to, Set<String> lost) throws InterruptedException {
        if (to.self() < 0 || from.self() < 0) {
            return true;
        }
        Set<String> stillLost = new HashSet<>(lost);
        Set<String> replayed = new HashSet<>();
        Map<String, PeerGaps.Gap> gapsBefore = new HashMap<>();
        for (String id : lost) {
            PeerGaps.Gap gap = replication.gaps().gap(id);
            if (gap != null) {
                gapsBefore.put(id, gap);
            }
        }
        for (String id : lost) {
            int node = indexOf(to, id);
            if (node >= 0 && node != to.self() && to.node(node).state().eligibleOnPending()
                    && servedAsIn(lastServing.get(id), from, id)) {
                Boolean synced = partialSync(to, node);
                if (synced == null) {
                    return false;
                }
                if (synced) {
                    stillLost.remove(id);
                    replayed.add(id);
                }
            }
        }
        Placement holdersFrom = replayed.isEmpty() ? from : restored(from, replayed);
        if (!scanPass(holdersFrom, to, stillLost)) {
            return false;
        }
        for (String id : lost) {
            int node = indexOf(to, id);
            if (node >= 0 && to.node(node).state().eligibleOnPending()) {
                if (!replayed.contains(id)) {
                    fullSyncs.incrementAndGet();
                }
                replication.gaps().close(id, gapsBefore.get(id));
            }
        }
        return true;
    }

    /**
     * Holders (on either ring) that missed records (dropped or refused frames) while the topology did not change get
     * them from the backlog, or, when it no longer holds them or the peer restarted, their ranges streamed again.
     * Returns false when there was nothing to repair.
     */
    private boolean repairGaps(Placement current) throws InterruptedException {
        if (current.self() < 0) {
            return false;
        }
        boolean repaired = false;
        for (int node = 0; node < current.topology().nodes().size(); node++) {
            NodeInfo peer = current.node(node);
            PeerGaps.Gap gap = replication.gaps().gap(peer.id());
            if (node == current.self() || gap == null
                    || !peer.state().eligibleOnCurrent() && !peer.state().eligibleOnPending()) {
                continue;
            }
            repaired = true;
            Boolean synced = partialSync(current, node);
            if (synced == null) {
                return true;
            }
            if (synced || scanPass(current, current, Set.of(peer.id()))) {
                replication.gaps().close(peer.id(), gap);
            }
        }
        progress.clear();
        return repaired;
    }

    /**
     * Asks each serving peer whose incarnation this node has not heard yet (it never forwarded it a write) which it
     * is, so that a gap opening later knows whether the peer kept its memory. One attempt per idle round.
     */
    private void learnIncarnations(Placement current) {
        for (int node = 0; node < current.topology().nodes().size(); node++) {
            NodeInfo peer = current.node(node);
            if (node == current.self() || !peer.state().eligibleOnCurrent() || replication.gaps().knows(peer.id())) {
                continue;
            }
            ByteBuf probe = probe(current);
            try {
                long incarnation = connection(peer).send(probe);
                if (incarnation != 0) {
                    replication.gaps().heardFrom(peer.id(), incarnation);
                }
            } catch (IOException e) {
                LOG.debug("{} did not say which incarnation it is: {}", peer.id(), e.getMessage());
            } finally {
                probe.release();
            }
        }
    }

    /** An empty REPLICATE frame: applies nothing, and the answer names the target's incarnation. */
    private ByteBuf probe(Placement at) {
        ByteBuf probe = Unpooled.buffer(64);
        int frame = ReplicationCodec.begin(probe, ++nextFrameId, at.epoch(), senderId);
        ReplicationCodec.finish(probe, frame, 0);
        return probe;
    }

    /** This mover's connection to {@code target}, opened anew when its address changed. */
    private TransferConnection connection(NodeInfo target) {
        TransferConnection connection = connections.get(target.id());
        if (connection == null || !connection.sameAddress(target.host(), target.port())) {
            if (connection != null) {
                connection.close();
            }
            connection = new TransferConnection(target.host(), target.port());
            connections.put(target.id(), connection);
        }
        return connection;
    }

    /**
     * Replays the backlog from the peer's gap to it, the records of keys it holds under {@code to}, when the peer is
     * still the incarnation the gap began with. Returns true when it did, false when the peer needs a full
     * transfer, null when a newer topology cut it short.
     */
    private Boolean partialSync(Placement to, int node) throws InterruptedException {
        NodeInfo peer = to.node(node);
        PeerGaps.Gap gap = replication.gaps().gap(peer.id());
        if (gap == null || gap.incarnation() == 0) {
            return false;
        }
        ByteBuf probe = probe(to);
        progress.computeIfAbsent(peer.id(), TransferProgress::new);
        long incarnation = send(to, node, probe, 0);
        probe.release();
        if (incarnation < 0) {
            return null;
        }
        if (incarnation != gap.incarnation()) {
            LOG.info("{} restarted (new incarnation): it gets its ranges in full", peer.id());
            return false;
        }
        Replayer replayer = new Replayer(to, node);
        passStartNanos = System.nanoTime();
        passBytes = 0;
        if (!replication.backlog().replay(gap.from(), replayer)) {
            replayer.release();
            LOG.info("{} missed more than the replication backlog holds: it gets its ranges in full", peer.id());
            return false;
        }
        try {
            replayer.seal();
            for (int i = 0; i < replayer.frames.size(); i++) {
                long answeredAs = send(to, node, replayer.frames.get(i), replayer.frameKeys.get(i));
                if (answeredAs < 0) {
                    return null;
                }
                if (answeredAs != 0 && answeredAs != gap.incarnation()) {
                    LOG.info("{} restarted during its partial sync: it gets its ranges in full", peer.id());
                    return false;
                }
            }
        } finally {
            replayer.release();
        }
        partialSyncs.incrementAndGet();
        LOG.info("{} kept its memory: partial sync of {} records from the backlog", peer.id(), replayer.records);
        return true;
    }

    /**
     * Whether the node {@code id} would hold under {@code from}, were it UP there, just what it held when it last
     * served ({@code served}): the other serving nodes, their weights and the ring's settings are the same. If not
     * (a drain or a join while it was away), a replay of what it missed is not enough, and it gets a full transfer.
     */
    private static boolean servedAsIn(Placement served, Placement from, String id) {
        if (served == null) {
            return false;
        }
        Topology then = served.topology();
        Topology now = from.topology();
        return then.replicationFactor() == now.replicationFactor() && then.vnodesPerNode() == now.vnodesPerNode()
                && servingOthers(then, id).equals(servingOthers(now, id));
    }

    private static Set<String> servingOthers(Topology topology, String id) {
        Set<String> serving = new HashSet<>();
        for (NodeInfo node : topology.nodes()) {
            if (!node.id().equals(id) && node.state().eligibleOnCurrent()) {
                serving.add(node.id() + "/" + node.weight());
            }
        }
        return serving;
    }

    /** {@code from} with the given nodes UP: they hold what they held, having been brought up to date. */
    private Placement restored(Placement from, Set<String> ids) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (NodeInfo node : from.topology().nodes()) {
            nodes.add(ids.contains(node.id()) ? new NodeInfo(node.id(), node.host(), node.port(), node.zone(),
                    node.weight(), NodeState.UP) : node);
        }
        Topology topology = from.topology();
        return Placement.of(new Topology(topology.epoch(), nodes, topology.replicationFactor(),
                topology.vnodesPerNode()), this.topology.nodeId());
    }

    private static int indexOf(Placement placement, String id) {
        List<NodeInfo> nodes = placement.topology().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Streams the keys of the store that moved from {@code from} to {@code to}; see {@link #pass}. */
    private boolean scanPass(Placement from, Placement to, Set<String> lost) throws InterruptedException {
        long started = System.nanoTime();
        Planner planner = new Planner(from, to, lost);
        for (int stripe = 0; stripe < store.stripeCount(); stripe++) {
            if (superseded(to)) {
                return false;
            }
            store.scanStripe(stripe, planner);
        }
        if (planner.totalKeys == 0) {
            return true;
        }
        for (int node = 0; node < planner.keys.length; node++) {
            if (planner.keys[node] > 0) {
                progress.computeIfAbsent(to.node(node).id(), TransferProgress::new)
                        .planned(planner.keys[node], planner.bytes[node]);
            }
        }
        LOG.info("epoch {}: moving {} keys ({} bytes) to {} nodes", to.epoch(), planner.totalKeys,
                planner.totalBytes, progress.size());
        passStartNanos = System.nanoTime();
        passBytes = 0;
        Collector collector = new Collector(planner);
        for (int stripe = 0; stripe < store.stripeCount(); stripe++) {
            if (superseded(to)) {
                return false;
            }
            store.scanStripe(stripe, collector);
            try {
                if (!collector.sendAll()) {
                    return false;
                }
            } finally {
                collector.release();
            }
        }
        LOG.info("epoch {}: moved {} keys ({} bytes) in {} ms", to.epoch(), planner.totalKeys, planner.totalBytes,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return true;
    }

    /** The ids of nodes seen DOWN or RECOVERING in a topology newer than {@code from}. */
    private Set<String> lostSince(Placement from) {
        Set<String> lost = new HashSet<>();
        lostAt.forEach((id, epoch) -> {
            if (epoch > from.epoch()) {
                lost.add(id);
            }
        });
        return lost;
    }

    private boolean superseded(Placement to) {
        return !running || topology.placement() != to;
    }

    /**
     * Sends one frame to a target, retrying on new connections; returns the target's incarnation (0 if it named
     * none), or -1 when a newer topology came.
     */
    private long send(Placement to, int node, ByteBuf frame, int keys) throws InterruptedException {
        NodeInfo target = to.node(node);
        long retryMs = MIN_RETRY_MS;
        while (true) {
            while (paused && !superseded(to)) {
                synchronized (signal) {
                    signal.wait(IDLE_WAIT_MS);
                }
            }
            if (superseded(to)) {
                return -1;
            }
            try {
                long incarnation = connection(target).send(frame);
                progress.computeIfAbsent(target.id(), TransferProgress::new).sent(keys, frame.readableBytes());
                throttle(frame.readableBytes());
                return incarnation;
            } catch (TransferConnection.RefusedException e) {
                // sending it again would be refused again: the target applied what it could, and moves on
                LOG.warn("{} refused a transfer frame of {} keys ({}); they are skipped", target.id(), keys,
                        e.getMessage());
                progress.computeIfAbsent(target.id(), TransferProgress::new).sent(keys, frame.readableBytes());
                return 0;
            } catch (IOException e) {
                LOG.info("transfer to {} failed ({}); retrying in {} ms", target.id(), e.getMessage(), retryMs);
                sleep(retryMs);
                retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
            }
        }
    }

    private void throttle(int bytes) throws InterruptedException {
        passBytes += bytes;
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = passStartNanos + passBytes * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - System.nanoTime();
        if (aheadNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(aheadNanos);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the mover; closing its connections also ends a send blocked on a silent target. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (TransferConnection connection : connections.values()) {
            connection.close();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.clear();
    }

    /** Decides, per key of a pass, which nodes it goes to; subclasses count or collect. */
    private abstract static class Decider implements EntryVisitor {
        final Placement from;
        final Placement to;
        final int[] fromIndexOf;
        final Set<String> lost;
        final int[] fromHolders = new int[Placement.MAX_HOLDERS];
        final int[] toHolders = new int[Placement.MAX_HOLDERS];
        final int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];

        Decider(Placement from, Placement to, Set<String> lost) {
            this.from = from;
            this.to = to;
            this.lost = lost;
            this.fromIndexOf = new int[to.topology().nodes().size()];
            for (int i = 0; i < fromIndexOf.length; i++) {
                fromIndexOf[i] = lost.contains(to.node(i).id()) ? -1 : indexOf(from, to.node(i).id());
            }
        }

        @Override
        public void visit(long keyHash, boolean tombstone, long version, long expiresAtMs, int flags,
                DirectBuffer key, int keyOffset, int keyLength, DirectBuffer value, int valueOffset,
                int valueLength) {
            int fromCount = from.holders(keyHash, fromHolders, scratch);
            if (!contains(fromHolders, fromCount, from.self())) {
                return;
            }
            int toCount = to.holders(keyHash, toHolders, scratch);
            for (int i = 0; i < toCount; i++) {
                int node = toHolders[i];
                if (node != to.self() && !contains(fromHolders, fromCount, fromIndexOf[node])) {
                    take(node, tombstone, version, expiresAtMs, flags, key, keyOffset, keyLength, value, valueOffset,
                            valueLength);
                }
            }
        }

        abstract void take(int node, boolean tombstone, long version, long expiresAtMs, int flags, DirectBuffer key,
                int keyOffset, int keyLength, DirectBuffer value, int valueOffset, int valueLength);

        private static boolean contains(int[] nodes, int count, int node) {
            for (int i = 0; i < count; i++) {
                if (nodes[i] == node) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Counts the keys and bytes each target will get. */
    private static final class Planner extends Decider {
        final long[] keys;
        final long[] bytes;
        long totalKeys;
        long totalBytes;

        Planner(Placement from, Placement to, Set<String> lost) {
            super(from, to, lost);
            keys = new long[to.topology().nodes().size()];
            bytes = new long[keys.length];
        }

        @Override
        void take(int node, boolean tombstone, long version, long expiresAtMs, int flags, DirectBuffer key,
                int keyOffset, int keyLength, DirectBuffer value, int valueOffset, int valueLength) {
            long length = ReplicationCodec.recordLength(keyLength, tombstone ? 0 : valueLength);
            keys[node]++;
            bytes[node] += length;
            totalKeys++;
            totalBytes += length;
        }
    }

    /** Copies one stripe's moving keys into REPLICATE frames per target, then sends them. */
    private final class Collector extends Decider {
        private final List<List<ByteBuf>> frames = new ArrayList<>();
        private final List<List<Integer>> frameKeys = new ArrayList<>();
        private final ByteBuf[] open;
        private final int[] openFrame;
        private final int[] openCount;

        Collector(Planner plan) {
            super(plan.from, plan.to, plan.lost);
            int nodes = to.topology().nodes().size();
            open = new ByteBuf[nodes];
            openFrame = new int[nodes];
            openCount = new int[nodes];
            for (int i = 0; i < nodes; i++) {
                frames.add(new ArrayList<>());
                frameKeys.add(new ArrayList<>());
            }
        }

        @Override
        void take(int node, boolean tombstone, long version, long expiresAtMs, int flags, DirectBuffer key,
                int keyOffset, int keyLength, DirectBuffer value, int valueOffset, int valueLength) {
            int length = tombstone ? 0 : valueLength;
            if (open[node] == null) {
                open[node] = Unpooled.buffer(Math.min(FRAME_BYTES, 256 + 2 * length));
                openFrame[node] = ReplicationCodec.begin(open[node], ++nextFrameId, to.epoch(), senderId);
                openCount[node] = 0;
            }
            ByteBuf out = open[node];
            ReplicationCodec.recordHeader(out, tombstone ? ReplicationCodec.TOMBSTONE : ReplicationCodec.SET,
                    version, expiresAtMs, tombstone ? 0 : flags, keyLength, length);
            append(out, key, keyOffset, keyLength);
            append(out, value, valueOffset, length);
            if (++openCount[node] == ReplicationCodec.MAX_RECORDS || out.readableBytes() >= FRAME_BYTES) {
                seal(node);
            }
        }

        private void append(ByteBuf out, DirectBuffer src, int offset, int length) {
            out.ensureWritable(length);
            src.getBytes(offset, out.array(), out.arrayOffset() + out.writerIndex(), length);
            out.writerIndex(out.writerIndex() + length);
        }

        private void seal(int node) {
            ReplicationCodec.finish(open[node], openFrame[node], openCount[node]);
            frames.get(node).add(open[node]);
            frameKeys.get(node).add(openCount[node]);
            open[node] = null;
        }

        /** Sends the collected frames; returns false when a newer topology came. */
        boolean sendAll() throws InterruptedException {
            for (int node = 0; node < open.length; node++) {
                if (open[node] != null) {
                    seal(node);
                }
                List<ByteBuf> nodeFrames = frames.get(node);
                for (int i = 0; i < nodeFrames.size(); i++) {
                    if (send(to, node, nodeFrames.get(i), frameKeys.get(node).get(i)) < 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Drops the collected frames, ready for the next stripe. */
        void release() {
            for (int node = 0; node < open.length; node++) {
                if (open[node] != null) {
                    open[node].release();
                    open[node] = null;
                }
                for (ByteBuf frame : frames.get(node)) {
                    frame.release();
                }
                frames.get(node).clear();
                frameKeys.get(node).clear();
            }
        }
    }

    /** Copies the backlog records of keys a peer holds into REPLICATE frames for it. */
    private final class Replayer implements ReplicationBacklog.RecordSink {
        private final Placement to;
        private final int node;
        private final int[] holders = new int[Placement.MAX_HOLDERS];
        private final int[] scratch = new int[Topology.MAX_REPLICATION_FACTOR];
        private final List<ByteBuf> frames = new ArrayList<>();
        private final List<Integer> frameKeys = new ArrayList<>();
        private ByteBuf open;
        private int openFrame;
        private int openCount;
        private long records;

        Replayer(Placement to, int node) {
            this.to = to;
            this.node = node;
        }

        @Override
        public void record(byte[] bytes, int offset, int length) {
            int keyLength = bytes[offset + ReplicationCodec.RECORD_KEY_LENGTH_OFFSET] & 0xFF;
            long keyHash = KeyHash.hash(bytes, offset + ReplicationCodec.RECORD_HEADER, keyLength);
            int count = to.holders(keyHash, holders, scratch);
            boolean holds = false;
            for (int i = 0; i < count && !holds; i++) {
                holds = holders[i] == node;
            }
            if (!holds) {
                return;
            }
            if (open == null) {
                open = Unpooled.buffer(Math.min(FRAME_BYTES, 256 + length));
                openFrame = ReplicationCodec.begin(open, ++nextFrameId, to.epoch(), senderId);
                openCount = 0;
            }
            open.writeBytes(bytes, offset, length);
            records++;
            if (++openCount == ReplicationCodec.MAX_RECORDS || open.readableBytes() >= FRAME_BYTES) {
                seal();
            }
        }

        void seal() {
            if (open != null) {
                ReplicationCodec.finish(open, openFrame, openCount);
                frames.add(open);
                frameKeys.add(openCount);
                open = null;
            }
        }

        void release() {
            if (open != null) {
                open.release();
                open = null;
            }
            frames.forEach(ByteBuf::release);
            frames.clear();
        }
    }
}
