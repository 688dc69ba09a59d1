package io.ringcache.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys a load run or check uses: {@code count} keys of exactly {@code keySize} bytes, key {@code i} being
 * {@code "key:<i>"} padded with dots, so every run and every check names the same keys.
 */
public record KeySpace(long count, int keySize) {
    private static final byte[] NAME = "key:".getBytes(StandardCharsets.US_ASCII);

    public KeySpace {
        if (count < 1) {
            throw new IllegalArgumentException("keys must be at least 1, was " + count);
        }
        int needed = ("key:" + (count - 1)).length();
        if (keySize < needed || keySize > 250) {
            throw new IllegalArgumentException("key size must be " + needed + "..250 for " + count + " keys, was "
                    + keySize);
        }
    }

    public byte[] key(long index) {
        byte[] key = new byte[keySize];
        Arrays.fill(key, (byte) '.');
        byte[] name = ("key:" + index).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, key, 0, name.length);
        return key;
    }

    /** Writes the bytes of {@link #key key(index)} at {@code out}'s position, allocating nothing. */
    public void writeKey(long index, ByteBuffer out) {
        int start = out.position();
        out.put(NAME);
        int digitsEnd = out.position() + decimalDigits(index);
        long rest = index;
        for (int at = digitsEnd - 1; at >= out.position(); at--) {
            out.put(at, (byte) ('0' + rest % 10));
            rest /= 10;
        }
        out.position(digitsEnd);
        while (out.position() < start + keySize) {
            out.put((byte) '.');
        }
    }

    private static int decimalDigits(long number) {
        int digits = 1;
        for (long rest = number; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }
}
