package io.ringcache.benchmarks.ycsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.RandomByteIterator;

/** A YCSB record as one cache value: its size, the round trip, and the refusal of bytes that are not a record. */
class RecordCodecTest {

    @Test
    void oneFieldOfOneKibTakesTenBytesMore() {
        byte[] value = filled(1024, (byte) 7);
        byte[] record = RecordCodec.encode(Map.of("field0", new ByteArrayByteIterator(value)));
        assertEquals(1 + 1 + 6 + 2 + 1024, record.length);
        Map<String, ByteIterator> decoded = RecordCodec.decode(record);
        assertEquals(List.of("field0"), List.copyOf(decoded.keySet()));
        assertArrayEquals(value, decoded.get("field0").toArray());
    }

    @Test
    void tenFieldsRoundTripInTheirOrder() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        Map<String, ByteIterator> record = new LinkedHashMap<>();
        for (int i = 9; i >= 0; i--) {
            byte[] value = new RandomByteIterator(100).toArray();
            fields.put("field" + i, value);
            record.put("field" + i, new ByteArrayByteIterator(value));
        }
        byte[] encoded = RecordCodec.encode(record);
        assertEquals(1 + 10 * (1 + 6 + 1 + 100), encoded.length);
        Map<String, ByteIterator> decoded = RecordCodec.decode(encoded);
        assertEquals(List.copyOf(fields.keySet()), List.copyOf(decoded.keySet()));
        fields.forEach((name, value) -> assertArrayEquals(value, decoded.get(name).toArray(), name));
    }

    @Test
    void namesAreUtf8AndValuesMayBeEmpty() {
        String name = "größe-字段";
        byte[] encoded = RecordCodec.encode(Map.of(name, new ByteArrayByteIterator(new byte[0])));
        assertEquals(1 + 1 + name.getBytes(StandardCharsets.UTF_8).length + 1, encoded.length);
        Map<String, ByteIterator> decoded = RecordCodec.decode(encoded);
        assertEquals(0, decoded.get(name).toArray().length);
    }

    @Test
    void anEmptyRecordIsOneByte() {
        assertArrayEquals(new byte[] {0}, RecordCodec.encode(Map.of()));
        assertTrue(RecordCodec.decode(new byte[] {0}).isEmpty());
    }

    @Test
    void theDecodedRecordCanBeMergedAndEncodedAgain() {
        byte[] first = RecordCodec.encode(fields("a", "1", "b", "2"));
        Map<String, ByteIterator> merged = RecordCodec.decode(first);
        merged.putAll(fields("b", "3"));
        Map<String, ByteIterator> decoded = RecordCodec.decode(RecordCodec.encode(merged));
        assertEquals("1", text(decoded.get("a")));
        assertEquals("3", text(decoded.get("b")));
    }

    @Test
    void everyTruncatedRecordIsRefused() {
        byte[] record = RecordCodec.encode(fields("field0", "x".repeat(300), "field1", "y"));
        for (int length = 0; length < record.length; length++) {
            byte[] cut = Arrays.copyOf(record, length);
            assertThrows(IllegalArgumentException.class, () -> RecordCodec.decode(cut), "cut at " + length);
        }
    }

    @Test
    void bytesAfterTheLastFieldAreRefused() {
        byte[] record = RecordCodec.encode(fields("a", "1"));
        byte[] longer = Arrays.copyOf(record, record.length + 1);
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decode(longer));
    }

    @Test
    void lengthsBeyondAnIntAreRefused() {
        byte[] sixByteCount = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decode(sixByteCount));
        byte[] negativeCount = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decode(negativeCount));
    }

    private static Map<String, ByteIterator> fields(String... namesAndValues) {
        Map<String, ByteIterator> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i],
                    new ByteArrayByteIterator(namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return fields;
    }

    private static String text(ByteIterator value) {
        return new String(value.toArray(), StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
