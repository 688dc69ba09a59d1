package io.ringcache.client.transport;

import io.ringcache.protocol.codec.ResponseDecoder;

/**
 * Turns a non-error response into the caller's result. Runs on the connection's event loop with the frame still in
 * the decoder, so it must copy whatever it keeps.
 */
@FunctionalInterface
public interface ResponseReader<T> {
    T read(ResponseDecoder response);
}
