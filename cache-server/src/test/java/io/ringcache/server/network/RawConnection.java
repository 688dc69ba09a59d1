package io.ringcache.server.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ResponseDecoder;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.Consumer;

/**
 * A test's raw TCP connection to a node: sends exactly the bytes a test wants (whole frames, one byte at a time,
 * garbage) and reads answers frame by frame, so the node is tested through its real socket.
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** Encodes with {@code writer} into a fresh buffer and returns the bytes. */
    static byte[] frame(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        byte[] bytes = ByteBufUtil.getBytes(buf);
        buf.release();
        return bytes;
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendOneByteAtATime(byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            Thread.sleep(0, 100_000);
        }
    }

    /** Reads one whole answer frame; the decoder is wrapped over a copy the caller may keep. */
    ResponseDecoder readFrame() throws IOException {
        byte[] header = new byte[FrameHeader.HEADER_LENGTH];
        in.readFully(header);
        int bodyLength = Unpooled.wrappedBuffer(header).getInt(0);
        byte[] frame = new byte[FrameHeader.HEADER_LENGTH + bodyLength];
        System.arraycopy(header, 0, frame, 0, header.length);
        in.readFully(frame, header.length, bodyLength);
        return new ResponseDecoder().wrap(Unpooled.wrappedBuffer(frame), 0);
    }

    /** Whether the node closed the connection (EOF within the socket timeout). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
