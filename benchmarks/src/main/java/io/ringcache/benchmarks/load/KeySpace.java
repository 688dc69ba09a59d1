package io.ringcache.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys a load run or check uses: {@code count} keys of exactly {@code keySize} bytes, key {@code i} being
 * {@code "key:<i>"} padded with dots, so every run and every check names the same keys.
 */
public record KeySpace(long count, int keySize) {

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
}
