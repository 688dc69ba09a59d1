package io.ringcache.server;

import io.netty.buffer.ByteBuf;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Bridges Netty buffers and the store's Agrona views without copying or allocating: a region of a {@link ByteBuf}
 * is wrapped by a reusable {@link UnsafeBuffer} over its memory address or backing array. One instance per
 * connection handler (or per event loop), so its scratch views are never shared between threads.
 */
public final class BufferViews {
    private final UnsafeBuffer outView = new UnsafeBuffer(0, 0);
    private byte[] scratch = new byte[0];

    /** Points {@code view} at {@code buf[index, index + length)}. */
    public void wrap(UnsafeBuffer view, ByteBuf buf, int index, int length) {
        if (buf.hasMemoryAddress()) {
            view.wrap(buf.memoryAddress() + index, length);
        } else if (buf.hasArray()) {
            view.wrap(buf.array(), buf.arrayOffset() + index, length);
        } else {
            view.wrap(copy(buf, index, length), 0, length);
        }
    }

    /** Appends {@code src[offset, offset + length)} to {@code out}. */
    public void append(ByteBuf out, DirectBuffer src, int offset, int length) {
        out.ensureWritable(length);
        int at = out.writerIndex();
        if (out.hasMemoryAddress()) {
            outView.wrap(out.memoryAddress() + at, length);
            src.getBytes(offset, outView, 0, length);
        } else if (out.hasArray()) {
            src.getBytes(offset, out.array(), out.arrayOffset() + at, length);
        } else {
            byte[] bytes = scratchOf(length);
            src.getBytes(offset, bytes, 0, length);
            out.setBytes(at, bytes, 0, length);
        }
        out.writerIndex(at + length);
    }

    /** A buffer neither direct nor array-backed (composite, never made by our decoder): copied out. */
    private static byte[] copy(ByteBuf buf, int index, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes, 0, length);
        return bytes;
    }

    private byte[] scratchOf(int length) {
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        return scratch;
    }
}
