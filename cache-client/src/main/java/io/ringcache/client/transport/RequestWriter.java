package io.ringcache.client.transport;

import io.netty.buffer.ByteBuf;

/** Encodes one request frame with the request id the connection assigned. */
@FunctionalInterface
public interface RequestWriter {
    void write(ByteBuf out, int requestId);
}
