package io.ringcache.protocol.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The key hash is xxHash64 with seed 0: checked against the published test vectors. */
class KeyHashTest {

    private static long hash(String text) {
        return KeyHash.hash(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hash_matchesPublishedXxHash64Vectors() {
        assertEquals(0xEF46DB3751D8E999L, hash(""));
        assertEquals(0xD24EC4F1A98C6E5BL, hash("a"));
        assertEquals(0x44BC2CF5AD770999L, hash("abc"));
        assertEquals(0xFBCEA83C8A378BF1L, hash("Nobody inspects the spammish repetition"));
    }

    @Test
    void hash_ofASlice_equalsHashOfTheSameBytes() {
        byte[] padded = "xxabcxx".getBytes(StandardCharsets.UTF_8);
        assertEquals(hash("abc"), KeyHash.hash(padded, 2, 3));
        assertEquals(hash("abc"), KeyHash.hash("abc"));
    }
}
