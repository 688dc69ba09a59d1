package io.ringcache.server.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.protocol.netty.FrameDecoder;
import io.ringcache.protocol.netty.Transport;
import io.ringcache.server.NodeContext;
import io.ringcache.server.NodeTopology;
import io.ringcache.server.fill.LazyFill;
import io.ringcache.server.replication.Replication;
import io.ringcache.server.transfer.RangeMover;
import io.ringcache.server.store.Store;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The node's TCP front: binds the port, and gives every accepted connection a frame decoder and its own
 * {@link RequestHandler} on one of the event loops. The node's {@link Replication} and {@link LazyFill} links live on
 * the same event loops, so the server closes them before it stops the loops.
 */
public final class NodeServer implements AutoCloseable {
    /** A connection that does not read its answers stops being read once this much is queued for it. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final NodeContext context;
    private final Store store;
    private final NodeTopology topology;
    private final NodeMetrics metrics;
    private final Transport transport;
    private final Replication replication;
    private final RangeMover mover;
    private final LazyFill lazyFill;
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public NodeServer(NodeContext context, Store store, NodeTopology topology, NodeMetrics metrics,
            Replication replication, RangeMover mover, LazyFill lazyFill) {
        this.context = context;
        this.store = store;
        this.topology = topology;
        this.metrics = metrics;
        this.mover = mover;
        this.lazyFill = lazyFill;
        this.transport = Transport.select(context.nativeTransport());
        this.replication = replication;
    }

    /** Binds and starts serving; returns once the port is open. */
    public void start() throws InterruptedException {
        acceptor = transport.newGroup(1, new DefaultThreadFactory("ringcache-accept"));
        workers = transport.newGroup(context.ioThreads(), new DefaultThreadFactory("ringcache-io"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                // Under the node's 512 MiB heap, Netty's default (adaptive) allocator runs in its low-memory mode,
                // where it falls back to unpooled buffers, a few heap objects each, for many read buffers and for
                // the cumulations of pipelined MSET frames: loading a million entries by MSET made 13 MB of garbage
                // that grew the node's resident heap (issue 6). The pooled allocator, which replication uses too,
                // serves them from its chunks.
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("frames", FrameDecoder.forRequests());
                        channel.pipeline().addLast("requests",
                                new RequestHandler(store, topology, context.clock(), metrics,
                                        context.maxConnections(), replication, mover, lazyFill));
                    }
                });
        serverChannel = bootstrap.bind(context.bindAddress(), context.port()).sync().channel();
    }

    /** The port actually bound (useful when the context asked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String transportName() {
        return transport.name();
    }

    /** Stops accepting, closes every connection and waits for the event loops to end. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        replication.close();
        lazyFill.close();
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
