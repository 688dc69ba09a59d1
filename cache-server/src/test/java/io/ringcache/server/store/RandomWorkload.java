package io.ringcache.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Keys and values for randomized store tests: a fixed population of keys of every legal length, and values cut from
 * one random byte source (a value is its offset and length there), so a model can remember values without copying.
 * Half the keys live in direct memory and half on the heap, so both hashing and copying paths are exercised.
 */
final class RandomWorkload {

    static final int MAX_VALUE = 1 << 20;

    final Random random;
    final UnsafeBuffer[] keys;
    final UnsafeBuffer source;
    private final int largestValue;

    RandomWorkload(long seed, int keyCount, int largestValue) {
        this.random = new Random(seed);
        this.largestValue = largestValue;
        keys = new UnsafeBuffer[keyCount];
        final Set<String> seen = new HashSet<>();
        for (int k = 0; k < keyCount; k++) {
            byte[] bytes;
            do {
                bytes = new byte[k % 7 == 0 ? 1 + random.nextInt(250) : 8 + random.nextInt(40)];
                random.nextBytes(bytes);
            } while (!seen.add(new String(bytes, StandardCharsets.ISO_8859_1)));
            keys[k] = k % 2 == 0 ? new UnsafeBuffer(bytes) : direct(bytes);
        }
        final byte[] bytes = new byte[2 * MAX_VALUE];
        random.nextBytes(bytes);
        source = direct(bytes);
    }

    private static UnsafeBuffer direct(byte[] bytes) {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        return buffer;
    }

    /** Mostly small values, some medium, a few up to the limit. */
    int valueLength() {
        final int bucket = random.nextInt(100);
        final int length;
        if (bucket < 70) {
            length = random.nextInt(200);
        } else if (bucket < 90) {
            length = 200 + random.nextInt(4000);
        } else if (bucket < 98) {
            length = 4096 + random.nextInt(60_000);
        } else {
            length = random.nextInt(MAX_VALUE + 1);
        }
        return Math.min(length, largestValue);
    }

    int valueOffset() {
        return random.nextInt(MAX_VALUE);
    }

    boolean sameBytes(int sourceOffset, DirectBuffer value, int offset, int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (source.getLong(sourceOffset + i) != value.getLong(offset + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (source.getByte(sourceOffset + i) != value.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }
}
