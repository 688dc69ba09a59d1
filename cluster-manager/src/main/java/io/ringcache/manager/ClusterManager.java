package io.ringcache.manager;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.client.transport.NodeConnection;
import io.ringcache.protocol.codec.ManagerState;
import io.ringcache.protocol.codec.NodeReport;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.netty.FrameDecoder;
import io.ringcache.protocol.netty.Transport;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster manager: keeps membership, heartbeats nodes, publishes each change as a topology of a higher epoch and
 * pushes it to the nodes, and agrees with its peers which manager is active (the live one with the lowest id), all
 * without a consensus protocol.
 *
 * <p>The active manager also paces data moves: nodes stream ranges whenever they adopt an epoch and report their
 * progress in their heartbeat answers; once every live node reports the moves of the current epoch done, the
 * manager makes the nodes that came in UP, in one new epoch. An operator can pause the transfers (the flag goes
 * out in every heartbeat, and standbys mirror it), which also holds that step back.
 *
 * <p>Everything runs on one event-loop thread: the server, the duty cycle and the outgoing connections share it,
 * so the membership needs no locks. A manager's work is small (one heartbeat per node per second).
 */
public final class ClusterManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterManager.class);
    /** A peer that has not answered for this many heartbeats is taken for dead. */
    private static final int PEER_SILENCE_BEATS = 3;
    /** A node that has never answered a heartbeat (a JVM still warming up) misses none within this long. */
    private static final long FIRST_ANSWER_GRACE_MS = 5_000;

    private final ManagerContext context;
    private final Transport transport = Transport.select(true);
    private final EventLoopGroup loop;
    private final Membership membership;
    private final Map<String, NodeConnection> nodeConnections = new HashMap<>();
    private final List<Peer> peers = new ArrayList<>();
    private final AdminCommands admin;
    private volatile boolean active;
    /** Whether an operator paused data transfers; sent to nodes with every heartbeat. */
    private volatile boolean transfersPaused;
    /** The last epoch at which drained nodes were logged, so each settled epoch is logged once. */
    private long settledEpochLogged;
    private volatile Topology published;
    /** Whether this manager has once tried to take a peer's topology before becoming active (see catchUpFromPeer). */
    private boolean caughtUp;
    private boolean catchingUp;
    private final long startedAtMs = System.currentTimeMillis();
    private Channel serverChannel;

    private ClusterManager(ManagerContext context) {
        this.context = context;
        this.loop = transport.newGroup(1, new DefaultThreadFactory("ringcache-manager"));
        this.membership = new Membership(context.replicationFactor(), context.vnodes());
        this.published = membership.topology();
        this.admin = new AdminCommands(this, membership);
    }

    /** Binds, starts the duty cycle, and returns once the port is open. */
    public static ClusterManager start(ManagerContext context) throws InterruptedException {
        context.validate();
        ClusterManager manager = new ClusterManager(context);
        try {
            manager.bind();
        } catch (InterruptedException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return manager;
    }

    private void bind() throws InterruptedException {
        for (String address : context.peers()) {
            peers.add(new Peer(address, connect(address)));
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("frames", FrameDecoder.forRequests());
                        channel.pipeline().addLast("requests", new ManagerHandler(ClusterManager.this));
                    }
                });
        serverChannel = bootstrap.bind(context.bindAddress(), context.port()).sync().channel();
        loop.scheduleAtFixedRate(this::dutyCycle, 0, context.heartbeatMs(), TimeUnit.MILLISECONDS);
        LOG.info("manager {} listening on {}:{} (peers {}), rf {}, {} vnodes, heartbeat {} ms, DOWN after {} misses",
                context.managerId(), context.bindAddress(), port(), context.peers(), context.replicationFactor(),
                context.vnodes(), context.heartbeatMs(), context.missLimit());
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String managerId() {
        return context.managerId();
    }

    /** Whether this manager is the active one (the others mirror it). */
    public boolean isActive() {
        return active;
    }

    /** The topology this manager holds: the one it published, or the active manager's when standing by. */
    public Topology topology() {
        return published;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        LOG.info("manager {} stopped", context.managerId());
    }

    ManagerContext context() {
        return context;
    }

    ManagerState state() {
        return new ManagerState(context.managerId(), membership.topology().epoch(), active);
    }

    /** The id of the manager that should be active now: the live one with the lowest id. */
    String activeManagerId() {
        long now = System.currentTimeMillis();
        String lowest = context.managerId();
        for (Peer peer : peers) {
            if (peer.isAlive(now, PEER_SILENCE_BEATS * context.heartbeatMs())
                    && peer.lastState.managerId().compareTo(lowest) < 0) {
                lowest = peer.lastState.managerId();
            }
        }
        return lowest;
    }

    /** Where the active manager is, for a standby's NOT_ACTIVE answers. */
    String activeManagerAddress() {
        String id = activeManagerId();
        for (Peer peer : peers) {
            if (peer.lastState != null && peer.lastState.managerId().equals(id)) {
                return peer.address;
            }
        }
        return context.bindAddress() + ":" + port();
    }

    /** Whether data transfers are paused (by an operator, or mirrored from the active manager). */
    boolean transfersPaused() {
        return transfersPaused;
    }

    /** Pauses or resumes data transfers; resuming lets nodes that finished moving become UP at once. */
    void pauseTransfers(boolean paused) {
        if (paused == transfersPaused) {
            return;
        }
        transfersPaused = paused;
        LOG.info("manager {}: data transfers {}", context.managerId(), paused ? "paused" : "resumed");
        if (active && !paused) {
            settle();
        }
    }

    List<Peer> peers() {
        return peers;
    }

    AdminCommands admin() {
        return admin;
    }

    /**
     * A node asks to join, or to be known again after a restart of it or of this manager. {@code nodeEpoch} is the
     * epoch the node holds: the next topology is published above it. A manager that knows no members yet (it just
     * restarted) first takes the membership from the node's own topology, so that no node is forgotten.
     */
    void register(NodeInfo node, long nodeEpoch) {
        membership.noteEpoch(nodeEpoch);
        Member known = membership.member(node.id());
        if (known != null && nodeEpoch == 0 && known.info.state() != NodeState.DOWN
                && membership.topology().epoch() > 0) {
            // a node process that restarted faster than the miss limit: its memory is empty, so it must not serve
            // as it did; DOWN now, RECOVERING on its next heartbeat answer, UP once it has its ranges again
            if (membership.setState(node.id(), NodeState.DOWN, "restarted (it holds no topology, so no data)")) {
                publish();
            }
            return;
        }
        if (membership.members().isEmpty() && nodeEpoch > 0) {
            connection(node).send((out, id) -> RequestEncoder.topology(out, id, 0), r -> r.readTopology())
                    .whenComplete((topology, failure) -> {
                        if (topology != null && membership.members().isEmpty()) {
                            membership.mirror(topology);
                            membership.republish("rebuilt membership from node " + node.id());
                        }
                        membership.register(node);
                        publish();
                    });
            return;
        }
        if (membership.register(node)) {
            publish();
        }
    }

    boolean isRemoved(String nodeId) {
        return membership.isRemoved(nodeId);
    }

    /** A peer manager said hello: remember what it holds. */
    void peerSaid(ManagerState state) {
        membership.noteEpoch(state.epoch());
    }

    /** Publishes the membership's current topology and pushes it to every node not DOWN. */
    void publish() {
        Topology topology = membership.topology();
        published = topology;
        for (Member member : membership.members()) {
            if (member.info.state() != NodeState.DOWN) {
                push(member, topology);
            }
        }
    }

    private void dutyCycle() {
        try {
            pingPeers();
            if (!active && stillMeetingPeers()) {
                return;
            }
            boolean shouldBeActive = activeManagerId().equals(context.managerId());
            if (shouldBeActive && !active && catchUpFromPeer()) {
                return;
            }
            if (shouldBeActive && !active) {
                membership.republish("manager " + context.managerId() + " is active");
                publish();
                active = true;  // last: whoever sees this manager active sees the higher epoch it took over with
            } else if (!shouldBeActive && active) {
                active = false;
                LOG.info("manager {} stands by for {}", context.managerId(), activeManagerId());
            }
            if (active) {
                heartbeatNodes();
            } else {
                mirrorActive();
            }
        } catch (RuntimeException e) {
            LOG.error("manager duty cycle failed", e);
        }
    }

    private void pingPeers() {
        ManagerState mine = state();
        for (Peer peer : peers) {
            peer.connection.send((out, id) -> RequestEncoder.managerPing(out, id, mine),
                    response -> ManagerState.read(response.restOfBody()))
                    .whenComplete((theirs, failure) -> {
                        if (theirs != null) {
                            peer.lastState = theirs;
                            peer.lastSeenMs = System.currentTimeMillis();
                            membership.noteEpoch(theirs.epoch());
                            if (active && theirs.epoch() > membership.topology().epoch()) {
                                catchUpWith(peer.connection, "peer " + theirs.managerId());
                            }
                        }
                    });
        }
    }

    /**
     * Whether this manager just started and has not heard from every peer yet: it waits up to
     * {@value #PEER_SILENCE_BEATS} heartbeats for them before deciding whether it is the active one.
     */
    private boolean stillMeetingPeers() {
        if (System.currentTimeMillis() - startedAtMs >= PEER_SILENCE_BEATS * context.heartbeatMs()) {
            return false;
        }
        for (Peer peer : peers) {
            if (peer.lastState == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A manager about to become active that knows no members (it just started) first mirrors the peer holding the
     * newest topology, so it never takes over with an empty view. Returns whether it had to (activation waits a cycle).
     */
    private boolean catchUpFromPeer() {
        if (caughtUp || !membership.members().isEmpty()) {
            return false;
        }
        if (catchingUp) {
            return true;
        }
        Peer newest = null;
        long now = System.currentTimeMillis();
        for (Peer peer : peers) {
            if (peer.isAlive(now, PEER_SILENCE_BEATS * context.heartbeatMs()) && peer.lastState.epoch() > 0
                    && (newest == null || peer.lastState.epoch() > newest.lastState.epoch())) {
                newest = peer;
            }
        }
        if (newest == null) {
            return false;
        }
        catchingUp = true;
        newest.connection.send((out, id) -> RequestEncoder.topology(out, id, 0), r -> r.readTopology())
                .whenComplete((topology, failure) -> {
                    if (topology != null) {
                        membership.mirror(topology);
                        published = membership.topology();
                    }
                    catchingUp = false;
                    caughtUp = true;
                });
        mirrorRebalance(newest.connection);
        return true;
    }

    private void mirrorActive() {
        String activeId = activeManagerId();
        for (Peer peer : peers) {
            if (peer.lastState != null && peer.lastState.managerId().equals(activeId)) {
                peer.connection.send((out, id) -> RequestEncoder.topology(out, id, 0), r -> r.readTopology())
                        .whenComplete((topology, failure) -> {
                            if (topology != null) {
                                membership.mirror(topology);
                                published = membership.topology();
                            }
                        });
                mirrorRebalance(peer.connection);
            }
        }
    }

    /** Asks a peer whether transfers are paused, and takes its answer, so a take-over keeps the operator's pause. */
    private void mirrorRebalance(NodeConnection peer) {
        peer.send((out, id) -> RequestEncoder.admin(out, id, AdminCommands.REBALANCE_QUERY), r -> r.readText())
                .whenComplete((answer, failure) -> {
                    if (answer != null) {
                        pauseTransfers(admin.pausedIn(answer));
                    }
                });
    }

    private void heartbeatNodes() {
        long epoch = membership.topology().epoch();
        int flags = transfersPaused ? RequestEncoder.HEARTBEAT_TRANSFERS_PAUSED : 0;
        for (Member member : List.copyOf(membership.members())) {
            NodeConnection connection = connection(member.info);
            connection.send((out, id) -> RequestEncoder.heartbeat(out, id, epoch, flags),
                    response -> NodeReport.read(response.restOfBody()))
                    .whenComplete((report, failure) -> {
                        if (report != null) {
                            heard(member, report);
                        } else {
                            missed(member, failure);
                        }
                    });
        }
    }

    private void heard(Member member, NodeReport report) {
        boolean heldATopology = member.lastReport != null && member.lastReport.epoch() > 0;
        member.report(report, System.currentTimeMillis());
        Topology current = membership.topology();
        if (heldATopology && report.epoch() == 0 && member.info.state() != NodeState.DOWN) {
            // the process behind this address restarted before it registered again: the same as a REGISTER at 0
            if (membership.setState(member.info.id(), NodeState.DOWN, "restarted (answers holding no topology)")) {
                publish();
            }
        } else if (report.epoch() > current.epoch()) {
            catchUpWith(connection(member.info), "node " + member.info.id());
        } else if (member.info.state() == NodeState.DOWN) {
            if (membership.setState(member.info.id(), NodeState.RECOVERING, "answers heartbeats again")) {
                publish();
            }
        } else {
            if (report.epoch() < current.epoch()) {
                push(member, current);
            }
            settle();
        }
    }

    /**
     * After each heartbeat answer: once every move of the current epoch is done, and transfers are not paused, the
     * nodes that came in (JOINING, RECOVERING) become UP in one new epoch. Logs drained nodes once per epoch.
     */
    private void settle() {
        if (!transfersPaused && membership.finishArrivals()) {
            publish();
            return;
        }
        long epoch = membership.topology().epoch();
        if (epoch != settledEpochLogged && membership.settled()) {
            settledEpochLogged = epoch;
            for (Member member : membership.members()) {
                if (member.info.state() == NodeState.LEAVING) {
                    LOG.info("node {} is drained at epoch {}: admin remove takes it out", member.info.id(), epoch);
                }
            }
        }
    }

    private void missed(Member member, Throwable failure) {
        if (member.lastReport == null
                && System.currentTimeMillis() - member.sinceMs < FIRST_ANSWER_GRACE_MS) {
            return;
        }
        member.misses++;
        if (member.misses >= context.missLimit() && member.info.state() != NodeState.DOWN) {
            String why = member.misses + " heartbeats missed (" + failure.getMessage() + ")";
            if (membership.setState(member.info.id(), NodeState.DOWN, why)) {
                publish();
            }
        }
    }

    /**
     * Someone holds a newer epoch than this active manager (another manager published it). If that topology has
     * the same members, take it as it is; otherwise publish this manager's view above it. Taking equal views as
     * they are keeps two managers that briefly both act from outbidding each other's epochs forever.
     */
    private void catchUpWith(NodeConnection holder, String who) {
        holder.send((out, id) -> RequestEncoder.topology(out, id, 0), r -> r.readTopology())
                .whenComplete((theirs, failure) -> {
                    Topology mine = membership.topology();
                    if (theirs == null || theirs.epoch() <= mine.epoch()) {
                        return;
                    }
                    if (theirs.nodes().equals(mine.nodes())
                            && theirs.replicationFactor() == mine.replicationFactor()
                            && theirs.vnodesPerNode() == mine.vnodesPerNode()) {
                        membership.mirror(theirs);
                        published = membership.topology();
                    } else {
                        membership.noteEpoch(theirs.epoch());
                        membership.republish(who + " holds epoch " + theirs.epoch() + " with other members");
                        publish();
                    }
                });
    }

    private void push(Member member, Topology topology) {
        connection(member.info).send((out, id) -> RequestEncoder.topologyPush(out, id, topology), r -> r.status());
    }

    private NodeConnection connection(NodeInfo node) {
        return nodeConnections.computeIfAbsent(node.address(), this::connect);
    }

    private NodeConnection connect(String address) {
        int colon = address.lastIndexOf(':');
        InetSocketAddress socket = InetSocketAddress.createUnresolved(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        return new NodeConnection(socket, loop, transport, TimeUnit.MILLISECONDS.toNanos(context.heartbeatMs()),
                (int) Math.max(100, context.heartbeatMs()));
    }
}
