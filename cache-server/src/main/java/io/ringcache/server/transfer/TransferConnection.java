package io.ringcache.server.transfer;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A blocking connection from the range mover to one target node: sends a REPLICATE frame and waits for its
 * acknowledgement. The mover sends one frame at a time per target, so a dropped connection costs at most that frame,
 * which it sends again on a new connection.
 */
final class TransferConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final String host;
    private final int port;
    private final byte[] header = new byte[FrameHeader.HEADER_LENGTH];
    private volatile Socket socket;
    private OutputStream output;
    private DataInputStream input;

    TransferConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    boolean sameAddress(String otherHost, int otherPort) {
        return host.equals(otherHost) && port == otherPort;
    }

    /**
     * Sends the frame (a whole REPLICATE request), waits until the target acknowledges it, and returns the target's
     * incarnation named in the acknowledgement (0 if none).
     */
    long send(ByteBuf frame) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            frame.getBytes(frame.readerIndex(), output, frame.readableBytes());
            output.flush();
            input.readFully(header);
            int bodyLength = (header[0] & 0xFF) << 24 | (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8
                    | header[3] & 0xFF;
            int status = (header[FrameHeader.STATUS_OFFSET] & 0xFF) << 8 | header[FrameHeader.STATUS_OFFSET + 1] & 0xFF;
            long incarnation = 0;
            if (status == Status.OK && bodyLength == Long.BYTES) {
                incarnation = input.readLong();
            } else {
                skip(input, bodyLength);
            }
            if (status != Status.OK) {
                throw new RefusedException(Status.name(status));
            }
            return incarnation;
        } catch (RefusedException e) {
            throw e;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The target answered the frame with an error: the connection is fine, and the frame would fail again. */
    static final class RefusedException extends IOException {
        RefusedException(String status) {
            super("target refused the frame: " + status);
        }
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(READ_TIMEOUT_MS);
            opened.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            output = opened.getOutputStream();
            input = new DataInputStream(opened.getInputStream());
            socket = opened;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
    }

    private static void skip(InputStream in, int bytes) throws IOException {
        int left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed inside an answer");
                }
                skipped = 1;
            }
            left -= (int) skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket has nothing left to report
            }
            socket = null;
        }
    }
}
