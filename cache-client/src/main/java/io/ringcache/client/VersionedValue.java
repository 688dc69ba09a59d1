package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.ProtocolException;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ResponseDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * One replica's answer to a QUORUM read, so that the replicas' answers can be ordered: the value it holds (null for
 * a miss) and the version of that answer. Exists because a plain read cannot tell a key never written from a key
 * deleted after the value another replica still holds; the versioned answers below can.
 *
 * <p>Decodes the answers to GET and MGET requests sent with {@link FrameHeader#FLAG_VERSIONED_MISS} (big-endian):
 * <pre>
 * GET OK          the value record, as without the flag; its version is the answer's version
 * GET NOT_FOUND   i64 tombstoneVersion
 * MGET OK         u16 count | count x item, in request order
 *   item          u16 status OK        | the value record (u32 flags | i64 ttlRemainingMs | i64 version
 *                                        | u32 valueLength | value), as without the flag
 *                 u16 status NOT_FOUND | i64 tombstoneVersion
 * </pre>
 * {@code tombstoneVersion} is the version of the key's tombstone (the delete the node remembers for it), and 0 when
 * the node holds none. Only a request with the flag gets it: without the flag a GET NOT_FOUND body is empty and an MGET
 * NOT_FOUND item is its status alone, as before. A GET NOT_FOUND with an empty body (a node that predates the flag)
 * reads as tombstone version 0; an MGET item must follow the layout above, and any item status other than OK and
 * NOT_FOUND breaks the protocol. Error answers are the usual error statuses with a message, for the whole frame.
 *
 * @param value what the replica holds, or null for a miss
 * @param version the value's version, or the tombstone's for a miss (0: the replica knows nothing of the key)
 */
record VersionedValue(CacheValue value, long version) {

    /** The newer of two answers; on equal versions a value wins over a miss, then the first answer. */
    static VersionedValue newer(VersionedValue first, VersionedValue second) {
        if (second.version > first.version || (second.version == first.version && first.value == null)) {
            return second;
        }
        return first;
    }

    /** Reads a versioned GET answer. */
    static VersionedValue readGet(ResponseDecoder response) {
        if (response.status() == Status.NOT_FOUND) {
            ByteBuf body = response.restOfBody();
            if (body.readableBytes() == 0) {
                return new VersionedValue(null, 0);
            }
            if (body.readableBytes() != Long.BYTES) {
                throw new ProtocolException("GET NOT_FOUND body must be an i64 tombstone version, has "
                        + body.readableBytes() + " bytes");
            }
            return new VersionedValue(null, body.getLong(body.readerIndex()));
        }
        response.readValueItem();
        VersionedValue answer = hit(response);
        response.expectEnd();
        return answer;
    }

    /** Reads a versioned MGET answer, one answer per key in request order. */
    static List<VersionedValue> readMget(ResponseDecoder response) {
        int count = response.readCount();
        List<VersionedValue> answers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            short status = response.readItemStatus();
            if (status == Status.OK) {
                response.readValueItem();
                answers.add(hit(response));
            } else if (status == Status.NOT_FOUND) {
                answers.add(new VersionedValue(null, response.readVersion()));
            } else {
                throw new ProtocolException("MGET item " + i + " has status " + Status.name(status)
                        + ", expected OK or NOT_FOUND");
            }
        }
        response.expectEnd();
        return answers;
    }

    private static VersionedValue hit(ResponseDecoder response) {
        return new VersionedValue(RingcacheClient.toValue(response), response.version());
    }
}
