package io.ringcache.protocol.ring;

import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

/**
 * The 64-bit hash that places keys and virtual nodes on the ring: xxHash64 with seed 0, computed by
 * zero-allocation-hashing. Every party uses this one function, so a key lands on the same ring position in every
 * process.
 */
public final class KeyHash {
    private static final LongHashFunction XX = LongHashFunction.xx();

    private KeyHash() {
    }

    public static long hash(byte[] key) {
        return XX.hashBytes(key);
    }

    public static long hash(byte[] key, int offset, int length) {
        return XX.hashBytes(key, offset, length);
    }

    /** Hashes {@code length} bytes of off-heap memory at {@code address}. */
    public static long hashMemory(long address, int length) {
        return XX.hashMemory(address, length);
    }

    /** Hashes {@code length} bytes of an Agrona buffer, on-heap or off-heap. */
    public static long hash(DirectBuffer buffer, int offset, int length) {
        byte[] array = buffer.byteArray();
        if (array != null) {
            int arrayOffset = (int) (buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET);
            return XX.hashBytes(array, arrayOffset + offset, length);
        }
        return XX.hashMemory(buffer.addressOffset() + offset, length);
    }

    /** Hashes a string's UTF-8 bytes (virtual-node labels). */
    public static long hash(String text) {
        return XX.hashBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
