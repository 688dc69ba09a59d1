package io.ringcache.benchmarks.load;

import io.ringcache.protocol.ring.KeyHash;
import java.util.Arrays;

/**
 * Values derived from their key, so a later read can tell a right value from a wrong one without remembering
 * anything: the bytes are a pseudo-random stream seeded by the key's hash, ending in an 8-byte checksum of the rest.
 */
public final class CheckedValues {
    /** The shortest value that holds a checksum. */
    public static final int MIN_SIZE = 8;

    private CheckedValues() {
    }

    /** The value {@code key} should hold, {@code size} bytes long. */
    public static byte[] valueFor(byte[] key, int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("checked values need at least " + MIN_SIZE + " bytes, was " + size);
        }
        byte[] value = new byte[size];
        long state = KeyHash.hash(key);
        for (int i = 0; i < size - 8; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            value[i] = (byte) (state >>> 56);
        }
        putLong(value, size - 8, KeyHash.hash(value, 0, size - 8) ^ KeyHash.hash(key));
        return value;
    }

    /** Whether {@code value} is exactly what {@link #valueFor} gives for this key. */
    public static boolean isIntact(byte[] key, byte[] value) {
        return value.length >= MIN_SIZE && Arrays.equals(value, valueFor(key, value.length));
    }

    private static void putLong(byte[] into, int at, long v) {
        for (int i = 0; i < 8; i++) {
            into[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
