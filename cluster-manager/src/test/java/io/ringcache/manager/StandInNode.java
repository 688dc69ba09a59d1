package io.ringcache.manager;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.client.transport.NodeConnection;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.NodeReport;
import io.ringcache.protocol.codec.RequestDecoder;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.protocol.codec.TopologyCodec;
import io.ringcache.protocol.netty.FrameDecoder;
import io.ringcache.protocol.netty.Transport;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A cache node as far as a manager can tell, for tests: it speaks the real protocol (registers, adopts pushed
 * topologies, answers TOPOLOGY and HEARTBEAT), but what its heartbeat answers say about data moves is up to the test,
 * and it records the heartbeat flags it receives. It exists because a real node reports the moves it really makes,
 * which a test cannot hold back or fake.
 *
 * <p>By default it reports the moves of every epoch it adopts done at once, so clusters of stand-ins settle
 * promptly. Like a real node it registers at start and again after {@value #SILENCE_MS} ms without a heartbeat.
 */
final class StandInNode implements AutoCloseable {
    private static final long SILENCE_MS = 1_000;

    private final String id;
    private final List<String> managers;
    private final Transport transport = Transport.select(true);
    private final EventLoopGroup loop;
    private final Map<String, NodeConnection> connections = new ConcurrentHashMap<>();
    private Channel server;
    private volatile Topology topology = new Topology(0, List.of(), Topology.DEFAULT_REPLICATION_FACTOR,
            Topology.DEFAULT_VNODES);
    /** The synced epoch reported, or -1: the epoch held (moves done at once). */
    private volatile long syncedEpoch = -1;
    private volatile List<NodeReport.Transfer> transfers = List.of();
    private volatile boolean silent;
    private volatile int lastHeartbeatFlags = -1;
    private volatile long lastHeartbeatMs;
    private volatile long lastRegisteredMs;

    private StandInNode(String id, List<String> managers) {
        this.id = id;
        this.managers = List.copyOf(managers);
        this.loop = transport.newGroup(1, new DefaultThreadFactory("stand-in-" + id, true));
    }

    /** Starts a stand-in on {@code port} (0: any free one) that registers with {@code managers} (none: it waits). */
    static StandInNode start(String id, int port, List<String> managers) throws InterruptedException {
        StandInNode node = new StandInNode(id, managers);
        node.server = new ServerBootstrap()
                .group(node.loop)
                .channel(node.transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("frames", FrameDecoder.forRequests());
                        channel.pipeline().addLast("requests", node.new Handler());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        if (!managers.isEmpty()) {
            node.loop.scheduleAtFixedRate(node::keepRegistered, 0, 100, TimeUnit.MILLISECONDS);
        }
        return node;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    /** The topology this stand-in holds. */
    Topology topology() {
        return topology;
    }

    /** From now on reports {@code epoch} as its synced epoch, whatever it holds. */
    void syncedAt(long epoch) {
        syncedEpoch = epoch;
    }

    /** Reports the epoch it holds now as synced, and keeps doing so while it adopts no newer one. */
    void holdSync() {
        syncedEpoch = topology.epoch();
    }

    /** Goes back to reporting every epoch it adopts synced at once. */
    void syncPromptly() {
        syncedEpoch = -1;
    }

    /** Reports these transfers as running (empty: none). */
    void transfers(List<NodeReport.Transfer> running) {
        transfers = List.copyOf(running);
    }

    /**
     * A silent stand-in takes every request and answers none, like a hung process; it does not register either.
     * Back from silence it answers the next heartbeat, as a node back from a long pause would, before it thinks
     * of registering again.
     */
    void silent(boolean beSilent) {
        lastHeartbeatMs = System.currentTimeMillis();
        silent = beSilent;
    }

    /** The flags of the last heartbeat received, or -1 before the first. */
    int lastHeartbeatFlags() {
        return lastHeartbeatFlags;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.values().forEach(NodeConnection::close);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void keepRegistered() {
        long now = System.currentTimeMillis();
        if (!silent && now - lastHeartbeatMs >= SILENCE_MS && now - lastRegisteredMs >= SILENCE_MS) {
            lastRegisteredMs = now;
            register(0);
        }
    }

    /** Sends REGISTER to the managers in turn until one takes it (a standby answers NOT_ACTIVE). */
    private void register(int index) {
        if (index >= managers.size()) {
            return;
        }
        NodeConnection connection = connections.computeIfAbsent(managers.get(index), manager -> {
            int colon = manager.lastIndexOf(':');
            return new NodeConnection(InetSocketAddress.createUnresolved(manager.substring(0, colon),
                    Integer.parseInt(manager.substring(colon + 1))), loop, transport, TimeUnit.SECONDS.toNanos(1), 500);
        });
        NodeInfo self = new NodeInfo(id, "127.0.0.1", port(), "", NodeInfo.STANDARD_WEIGHT, NodeState.UP);
        connection.send((out, request) -> RequestEncoder.register(out, request, topology.epoch(), self),
                        r -> r.status())
                .whenComplete((status, failure) -> {
                    if (failure != null) {
                        register(index + 1);
                    }
                });
    }

    /** Answers one connection: what a manager sends a node. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private final RequestDecoder request = new RequestDecoder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!silent && msg instanceof ByteBuf) {
                    ByteBuf out = ctx.alloc().ioBuffer();
                    answer((ByteBuf) msg, out);
                    ctx.writeAndFlush(out, ctx.voidPromise());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(ByteBuf frame, ByteBuf out) {
            short valid = request.wrap(frame, frame.readerIndex());
            byte opcode = request.opcode();
            int requestId = request.requestId();
            Topology held = topology;
            if (valid != Status.OK) {
                ResponseEncoder.error(out, opcode, valid, requestId, held.epoch(), request.errorMessage());
                return;
            }
            ByteBuf body = frame.slice(request.bodyOffset(), request.bodyLength());
            switch (opcode) {
                case Opcode.HEARTBEAT:
                    lastHeartbeatMs = System.currentTimeMillis();
                    lastHeartbeatFlags = body.isReadable() ? body.getUnsignedByte(body.readerIndex()) : 0;
                    long synced = syncedEpoch < 0 ? held.epoch() : syncedEpoch;
                    int at = ResponseEncoder.begin(out, opcode, Status.OK, requestId, held.epoch());
                    new NodeReport(id, held.epoch(), 0, 0, 8L << 20, 0, synced, transfers).write(out);
                    FrameHeader.finish(out, at);
                    break;
                case Opcode.TOPOLOGY_PUSH:
                    Topology pushed = TopologyCodec.read(body);
                    if (pushed.epoch() > held.epoch()) {
                        topology = pushed;
                    }
                    ResponseEncoder.empty(out, opcode, Status.OK, requestId, topology.epoch());
                    break;
                case Opcode.TOPOLOGY:
                    int topologyAt = ResponseEncoder.begin(out, opcode, Status.OK, requestId, held.epoch());
                    TopologyCodec.write(out, held);
                    FrameHeader.finish(out, topologyAt);
                    break;
                case Opcode.PING:
                    ResponseEncoder.empty(out, opcode, Status.OK, requestId, held.epoch());
                    break;
                default:
                    ResponseEncoder.error(out, opcode, Status.BAD_REQUEST, requestId, held.epoch(),
                            Opcode.name(opcode) + " is not for a stand-in node");
                    break;
            }
        }
    }
}
