package io.ringcache.benchmarks.ycsb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;

/**
 * A YCSB record (field name to bytes) as one cache value, so that Ringcache, Redis and Memcached each store a record
 * as one key and one value of the same bytes. The layout is the field count, then for each field its name's length,
 * its UTF-8 name, its value's length and its value; every count and length is an unsigned LEB128 varint. One field
 * {@code field0} of 1,024 bytes takes 1,034 bytes.
 */
final class RecordCodec {
    private static final int MAX_VARINT_BYTES = 5;
    /** Room for a 1 KiB record without growing the buffer. */
    private static final int INITIAL_BUFFER = 1100;

    private RecordCodec() {
    }

    /** Encodes every field; reads each {@link ByteIterator} to its end. */
    static byte[] encode(Map<String, ByteIterator> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER);
        writeVarint(out, fields.size());
        for (Map.Entry<String, ByteIterator> field : fields.entrySet()) {
            byte[] name = field.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = field.getValue().toArray();
            writeVarint(out, name.length);
            out.writeBytes(name);
            writeVarint(out, value.length);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /**
     * The fields of an encoded record, in their encoded order, in a map the caller may change; the values are views
     * of {@code record}, not copies. Throws {@link IllegalArgumentException} for bytes that are not one whole record.
     */
    static Map<String, ByteIterator> decode(byte[] record) {
        Reader in = new Reader(record);
        int count = in.varint();
        Map<String, ByteIterator> fields = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int nameLength = in.varint();
            String name = new String(record, in.take(nameLength), nameLength, StandardCharsets.UTF_8);
            int valueLength = in.varint();
            fields.put(name, new ByteArrayByteIterator(record, in.take(valueLength), valueLength));
        }
        if (in.position != record.length) {
            throw new IllegalArgumentException("record has " + (record.length - in.position) + " bytes after its "
                    + count + " fields");
        }
        return fields;
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            out.write((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write(rest);
    }

    /** A position in an encoded record that refuses to move past its end. */
    private static final class Reader {
        private final byte[] record;
        private int position;

        Reader(byte[] record) {
            this.record = record;
        }

        int varint() {
            int value = 0;
            for (int i = 0; i < MAX_VARINT_BYTES; i++) {
                if (position == record.length) {
                    throw new IllegalArgumentException("record ends inside a length at byte " + position);
                }
                int b = record[position++];
                value |= (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (value < 0) {
                        throw new IllegalArgumentException("length out of range at byte " + (position - 1));
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("length longer than " + MAX_VARINT_BYTES + " bytes at byte "
                    + position);
        }

        /** Skips {@code length} bytes and returns where they start. */
        int take(int length) {
            if (length > record.length - position) {
                throw new IllegalArgumentException("record ends inside a field: " + length + " bytes wanted at byte "
                        + position + " of " + record.length);
            }
            int start = position;
            position += length;
            return start;
        }
    }
}
