package io.ringcache.protocol.netty;

/**
 * Emitted by {@link FrameDecoder} in place of a request whose body is over its opcode's cap: the body was skipped
 * without being buffered, and the handler answers {@code TOO_LARGE} with this request id.
 */
public record OversizedRequest(byte opcode, int requestId, long epoch, int bodyLength, int limit) {
}
