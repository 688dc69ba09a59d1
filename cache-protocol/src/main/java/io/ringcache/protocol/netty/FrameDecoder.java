package io.ringcache.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.ringcache.protocol.Limits;
import io.ringcache.protocol.codec.FrameHeader;
import java.util.List;

/**
 * Splits a byte stream into frames: a resumable state machine that returns whenever bytes are missing and picks up
 * where it stopped when more arrive.
 *
 * <p>Each complete frame is passed on as a retained slice (header included) that the next handler must release.
 * Nothing is buffered beyond one frame of at most the opcode's cap:
 * <ul>
 *   <li>a wrong magic byte or version, or a body length below 0 or above {@link Limits#MAX_SKIPPABLE_BODY}, is
 *       garbage: the decoder raises {@link CorruptedFrameException} and discards everything after it (the handler
 *       closes the connection);</li>
 *   <li>on a node, a request whose body is over its opcode's cap but skippable is read past without buffering, and an
 *       {@link OversizedRequest} is passed on so the node can answer {@code TOO_LARGE} and keep the connection;</li>
 *   <li>on a client, a response over {@link Limits#MAX_RESPONSE_BODY} is garbage.</li>
 * </ul>
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private enum State { HEADER, SKIP_BODY, CORRUPT }

    private final boolean requests;
    private State state = State.HEADER;
    private long bytesToSkip;

    private FrameDecoder(boolean requests) {
        this.requests = requests;
    }

    /** A decoder for a node's side of a connection: it reads requests. */
    public static FrameDecoder forRequests() {
        return new FrameDecoder(true);
    }

    /** A decoder for a client's side of a connection: it reads responses. */
    public static FrameDecoder forResponses() {
        return new FrameDecoder(false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case HEADER:
                decodeFrame(in, out);
                break;
            case SKIP_BODY:
                int skip = (int) Math.min(bytesToSkip, in.readableBytes());
                in.skipBytes(skip);
                bytesToSkip -= skip;
                if (bytesToSkip == 0) {
                    state = State.HEADER;
                }
                break;
            default:
                in.skipBytes(in.readableBytes());
                break;
        }
    }

    private void decodeFrame(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable > FrameHeader.MAGIC_OFFSET && FrameHeader.magic(in, start) != FrameHeader.MAGIC) {
            corrupt(in, "bad magic byte 0x" + Integer.toHexString(FrameHeader.magic(in, start) & 0xFF));
        }
        if (readable > FrameHeader.VERSION_OFFSET && FrameHeader.version(in, start) != FrameHeader.VERSION) {
            corrupt(in, "unsupported protocol version " + FrameHeader.version(in, start));
        }
        if (readable < FrameHeader.HEADER_LENGTH) {
            return;
        }
        int bodyLength = FrameHeader.bodyLength(in, start);
        if (bodyLength < 0 || bodyLength > Limits.MAX_SKIPPABLE_BODY) {
            corrupt(in, "impossible body length " + bodyLength);
        }
        if (FrameHeader.isResponse(in, start) == requests) {
            corrupt(in, requests ? "a response frame where a request was expected" : "a request frame from a node");
        }
        byte opcode = FrameHeader.opcode(in, start);
        int cap = requests ? Limits.maxRequestBody(opcode) : Limits.MAX_RESPONSE_BODY;
        if (bodyLength > cap) {
            if (!requests) {
                corrupt(in, "response body of " + bodyLength + " bytes is over the " + cap + "-byte limit");
            }
            out.add(new OversizedRequest(opcode, FrameHeader.requestId(in, start), FrameHeader.epoch(in, start),
                    bodyLength, cap));
            in.skipBytes(FrameHeader.HEADER_LENGTH);
            bytesToSkip = bodyLength;
            state = State.SKIP_BODY;
            return;
        }
        int frameLength = FrameHeader.HEADER_LENGTH + bodyLength;
        if (readable < frameLength) {
            return;
        }
        out.add(in.readRetainedSlice(frameLength));
    }

    private void corrupt(ByteBuf in, String why) {
        state = State.CORRUPT;
        in.skipBytes(in.readableBytes());
        throw new CorruptedFrameException(why);
    }
}
