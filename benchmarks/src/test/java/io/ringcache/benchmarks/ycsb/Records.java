package io.ringcache.benchmarks.ycsb;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;

/** YCSB records written and read as text, for the bindings' tests: one place, so both bindings' tests read alike. */
final class Records {

    private Records() {
    }

    /** A record of the given field names and values, in that order. */
    static Map<String, ByteIterator> record(String... namesAndValues) {
        Map<String, ByteIterator> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], new ByteArrayByteIterator(bytes(namesAndValues[i + 1])));
        }
        return fields;
    }

    /** The record's fields as text, to compare with {@code Map.of(...)}. */
    static Map<String, String> texts(Map<String, ByteIterator> fields) {
        Map<String, String> texts = new HashMap<>();
        fields.forEach((name, value) -> texts.put(name, text(value)));
        return texts;
    }

    static String text(ByteIterator value) {
        return new String(value.toArray(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
