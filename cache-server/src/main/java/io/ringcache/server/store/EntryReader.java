package io.ringcache.server.store;

import org.agrona.DirectBuffer;

/** Receives a found entry from {@link Store#get}; the value view is valid only for the duration of the call. */
@FunctionalInterface
public interface EntryReader {

    /**
     * @param flags the client's opaque flags
     * @param expiresAtMs absolute expiry time, or {@link Store#NO_EXPIRY}
     * @param version the entry's version
     * @param value a view whose bytes {@code [valueOffset, valueOffset + valueLength)} are the value
     */
    void read(int flags, long expiresAtMs, long version, DirectBuffer value, int valueOffset, int valueLength);
}
