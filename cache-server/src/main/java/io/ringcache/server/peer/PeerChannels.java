package io.ringcache.server.peer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.ringcache.protocol.netty.FrameDecoder;

/**
 * Opens a node's connections to its peers: on the event loop that will use the connection, so that the link owning
 * it needs no locking, with Nagle off, a short connect timeout, and the peer's answers decoded into frames for
 * {@code reader}. Replication and lazy fill open theirs the same way. Reads use the pooled allocator, as the node's
 * client connections do ({@code NodeServer}): under the node's small heap Netty's default allocator hands out
 * unpooled buffers, and every frame sliced from one is a new object.
 */
public final class PeerChannels {
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private PeerChannels() {
    }

    /** Starts connecting to {@code host:port} on {@code loop}; {@code reader} gets each answer frame. */
    public static ChannelFuture connect(EventLoop loop, Class<? extends SocketChannel> channelType, String host,
            int port, ChannelHandler reader) {
        return new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(FrameDecoder.forResponses(), reader);
                    }
                })
                .connect(host, port);
    }
}
