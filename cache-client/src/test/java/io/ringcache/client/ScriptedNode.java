package io.ringcache.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestDecoder;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.protocol.netty.FrameDecoder;
import io.ringcache.protocol.netty.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a cache node, for what the nodes of this branch do not do yet: it records the header flags of every
 * request, answers writes OK (or UNAVAILABLE when told to, as a replicating coordinator does), and answers GET and
 * MGET from a table of values and tombstones, with the tombstone versions {@link VersionedValue} decodes when the
 * request sets {@link FrameHeader#FLAG_VERSIONED_MISS}. It speaks the real protocol on a real loopback socket.
 */
final class ScriptedNode implements AutoCloseable {
    /** What a request carried in its header. */
    record Request(byte opcode, byte flags) {
    }

    /** A key's value and version; a null value is a tombstone of that version. */
    private record Entry(byte[] value, long version) {
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    ScriptedNode() throws InterruptedException {
        Transport transport = Transport.select(true);
        group = transport.newGroup(1, new DefaultThreadFactory("scripted-node", true));
        server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(FrameDecoder.forRequests(), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Every request received so far, in arrival order. */
    List<Request> requests() {
        return requests;
    }

    /** The last request received with {@code opcode}. */
    Request last(byte opcode) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).opcode() == opcode) {
                return requests.get(i);
            }
        }
        throw new AssertionError("no " + Opcode.name(opcode) + " request arrived");
    }

    void value(String key, String value, long version) {
        entries.put(key, new Entry(value.getBytes(StandardCharsets.UTF_8), version));
    }

    void tombstone(String key, long version) {
        entries.put(key, new Entry(null, version));
    }

    /** From now on, answers every write UNAVAILABLE, as a coordinator whose replicas did not acknowledge in time. */
    void answerWritesUnavailable() {
        unavailable = true;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers one connection's requests, in order. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private final RequestDecoder request = new RequestDecoder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ByteBuf) {
                    ByteBuf frame = (ByteBuf) msg;
                    int at = frame.readerIndex();
                    byte flags = FrameHeader.flags(frame, at);
                    requests.add(new Request(FrameHeader.opcode(frame, at), flags));
                    ByteBuf out = ctx.alloc().buffer();
                    answer(frame, at, (flags & FrameHeader.FLAG_VERSIONED_MISS) != 0, out);
                    ctx.writeAndFlush(out);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(ByteBuf frame, int at, boolean versioned, ByteBuf out) {
            short valid = request.wrap(frame, at);
            byte opcode = request.opcode();
            int id = request.requestId();
            if (valid != Status.OK) {
                ResponseEncoder.error(out, opcode, valid, id, 0, request.errorMessage());
            } else if (opcode == Opcode.GET) {
                get(out, id, versioned);
            } else if (opcode == Opcode.MGET) {
                multiGet(out, id, versioned);
            } else if (opcode == Opcode.PING) {
                ResponseEncoder.empty(out, opcode, Status.OK, id, 0);
            } else if (unavailable) {
                ResponseEncoder.error(out, opcode, Status.UNAVAILABLE, id, 0,
                        "1 of 3 copies acknowledged within 100 ms, QUORUM needs 2");
            } else {
                write(out, opcode, id);
            }
        }

        private void get(ByteBuf out, int id, boolean versioned) {
            Entry entry = entries.get(key());
            int frame = ResponseEncoder.begin(out, Opcode.GET, isHit(entry) ? Status.OK : Status.NOT_FOUND, id, 0);
            item(out, entry, versioned);
            FrameHeader.finish(out, frame);
        }

        private void multiGet(ByteBuf out, int id, boolean versioned) {
            int frame = ResponseEncoder.begin(out, Opcode.MGET, Status.OK, id, 0);
            ResponseEncoder.count(out, request.count());
            for (int i = 0; i < request.count(); i++) {
                request.nextItem();
                Entry entry = entries.get(key());
                ResponseEncoder.itemStatus(out, isHit(entry) ? Status.OK : Status.NOT_FOUND);
                item(out, entry, versioned);
            }
            FrameHeader.finish(out, frame);
        }

        /** A hit's value record, or a miss's tombstone version when the request asked for it. */
        private void item(ByteBuf out, Entry entry, boolean versioned) {
            if (isHit(entry)) {
                ResponseEncoder.valueHeader(out, 0, ResponseEncoder.NO_TTL, entry.version(), entry.value().length);
                out.writeBytes(entry.value());
            } else if (versioned) {
                ResponseEncoder.version(out, entry == null ? 0 : entry.version());
            }
        }

        private void write(ByteBuf out, byte opcode, int id) {
            if (opcode == Opcode.SET) {
                int frame = ResponseEncoder.begin(out, opcode, Status.OK, id, 0);
                ResponseEncoder.version(out, 1);
                FrameHeader.finish(out, frame);
            } else if (opcode == Opcode.MSET || opcode == Opcode.MDELETE) {
                int frame = ResponseEncoder.begin(out, opcode, Status.OK, id, 0);
                ResponseEncoder.count(out, request.count());
                for (int i = 0; i < request.count(); i++) {
                    ResponseEncoder.itemStatus(out, Status.OK);
                    if (opcode == Opcode.MSET) {
                        ResponseEncoder.version(out, 1);
                    }
                }
                FrameHeader.finish(out, frame);
            } else if (opcode == Opcode.DELETE || opcode == Opcode.TOUCH) {
                ResponseEncoder.empty(out, opcode, Status.OK, id, 0);
            } else {
                ResponseEncoder.error(out, opcode, Status.UNKNOWN_OPCODE, id, 0, "not scripted");
            }
        }

        private String key() {
            return request.buffer().toString(request.keyOffset(), request.keyLength(), StandardCharsets.UTF_8);
        }

        private boolean isHit(Entry entry) {
            return entry != null && entry.value() != null;
        }
    }
}
