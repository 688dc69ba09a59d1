package io.ringcache.manager;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.ProtocolException;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ManagerState;
import io.ringcache.protocol.codec.RequestDecoder;
import io.ringcache.protocol.codec.ResponseEncoder;
import io.ringcache.protocol.codec.TopologyCodec;
import io.ringcache.protocol.netty.OversizedRequest;
import io.ringcache.protocol.ring.NodeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection to the manager: nodes registering, clients and nodes asking for the topology, operators'
 * admin commands and peer managers' pings. Runs on the manager's single thread, like the rest of it.
 */
final class ManagerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerHandler.class);

    private final ClusterManager manager;
    private final RequestDecoder request = new RequestDecoder();

    ManagerHandler(ClusterManager manager) {
        this.manager = manager;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf out = ctx.alloc().ioBuffer();
            if (msg instanceof ByteBuf) {
                answer((ByteBuf) msg, out);
            } else if (msg instanceof OversizedRequest) {
                OversizedRequest oversized = (OversizedRequest) msg;
                ResponseEncoder.error(out, oversized.opcode(), Status.TOO_LARGE, oversized.requestId(),
                        manager.topology().epoch(), "body of " + oversized.bodyLength() + " bytes is over the "
                                + oversized.limit() + "-byte limit");
            }
            ctx.writeAndFlush(out, ctx.voidPromise());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void answer(ByteBuf frame, ByteBuf out) {
        long epoch = manager.topology().epoch();
        short status = request.wrap(frame, frame.readerIndex());
        byte opcode = request.opcode();
        int id = request.requestId();
        if (status != Status.OK) {
            ResponseEncoder.error(out, opcode, status, id, epoch, request.errorMessage());
            return;
        }
        ByteBuf body = frame.slice(request.bodyOffset(), request.bodyLength());
        try {
            switch (opcode) {
                case Opcode.PING:
                    ResponseEncoder.empty(out, opcode, Status.OK, id, epoch);
                    break;
                case Opcode.TOPOLOGY:
                    int at = ResponseEncoder.begin(out, opcode, Status.OK, id, epoch);
                    TopologyCodec.write(out, manager.topology());
                    FrameHeader.finish(out, at);
                    break;
                case Opcode.MANAGER_PING:
                    manager.peerSaid(ManagerState.read(body));
                    int pong = ResponseEncoder.begin(out, opcode, Status.OK, id, epoch);
                    manager.state().write(out);
                    FrameHeader.finish(out, pong);
                    break;
                case Opcode.REGISTER:
                    if (refuseUnlessActive(out, opcode, id, epoch)) {
                        return;
                    }
                    NodeInfo node = TopologyCodec.readNode(body);
                    if (manager.isRemoved(node.id())) {
                        ResponseEncoder.error(out, opcode, Status.FORBIDDEN, id, epoch, "node " + node.id()
                                + " was removed by an operator; admin add-node brings it back");
                        return;
                    }
                    manager.register(node, request.epoch());
                    ResponseEncoder.empty(out, opcode, Status.OK, id, manager.topology().epoch());
                    break;
                case Opcode.ADMIN:
                    if (refuseUnlessActive(out, opcode, id, epoch)) {
                        return;
                    }
                    String answer = manager.admin().execute(body.toString(StandardCharsets.UTF_8));
                    int admin = ResponseEncoder.begin(out, opcode, Status.OK, id, manager.topology().epoch());
                    out.writeCharSequence(answer, StandardCharsets.UTF_8);
                    FrameHeader.finish(out, admin);
                    break;
                default:
                    ResponseEncoder.error(out, opcode, Status.BAD_REQUEST, id, epoch,
                            Opcode.name(opcode) + " is for a cache node, and this is a cluster manager");
                    break;
            }
        } catch (ProtocolException | IllegalArgumentException e) {
            out.clear();
            ResponseEncoder.error(out, opcode, Status.BAD_REQUEST, id, epoch, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} request failed", Opcode.name(opcode), e);
            out.clear();
            ResponseEncoder.error(out, opcode, Status.INTERNAL, id, epoch, "internal error: " + e);
        }
    }

    private boolean refuseUnlessActive(ByteBuf out, byte opcode, int id, long epoch) {
        if (manager.isActive()) {
            return false;
        }
        ResponseEncoder.error(out, opcode, Status.NOT_ACTIVE, id, epoch, "manager " + manager.managerId()
                + " is standing by; the active manager is " + manager.activeManagerId() + " at "
                + manager.activeManagerAddress());
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException || cause instanceof IOException) {
            LOG.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn("closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
