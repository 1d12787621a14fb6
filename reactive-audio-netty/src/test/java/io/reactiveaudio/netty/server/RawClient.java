package io.reactiveaudio.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactiveaudio.netty.internal.SafetensorsHeader;
import io.reactiveaudio.netty.protocol.Handshake;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A blocking socket client for tests, written from docs/protocol.md: raw frames in and out. */
final class RawClient implements AutoCloseable {

    /** A frame as read: its type byte and payload. */
    record Frame(int type, byte[] payload) {
        ByteBuffer le() {
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        }

        int errorCode() {
            return le().getShort() & 0xFFFF;
        }

        String errorMessage() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        /** A BATCH's metadata strings. */
        Map<String, String> metadata() {
            return SafetensorsHeader.parse(ByteBuffer.wrap(payload)).metadata();
        }

        /** A BATCH's {@code indices} tensor: the source index of each item. */
        long[] indices() {
            SafetensorsHeader header = SafetensorsHeader.parse(ByteBuffer.wrap(payload));
            SafetensorsHeader.Tensor tensor = header.tensors().get("indices");
            long[] indices = new long[(int) tensor.elements()];
            le().position((int) (header.dataStart() + tensor.begin())).slice().order(ByteOrder.LITTLE_ENDIAN)
                    .asLongBuffer().get(indices);
            return indices;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** A client whose socket receive buffer is {@code bytes}, set before connecting. */
    static RawClient withReceiveBuffer(int port, int bytes) throws IOException {
        return new RawClient(port, bytes);
    }

    private RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(Handshake handshake) throws IOException {
        write(frame(handshake));
    }

    /** The HANDSHAKE frame of {@code handshake}, header included, as bytes. */
    static byte[] frame(Handshake handshake) {
        ByteBuf frame = handshake.encode(ByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            return bytes;
        } finally {
            frame.release();
        }
    }

    void credit(long n) throws IOException {
        write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(4).put((byte) 2).put(new byte[3])
                .putInt((int) n).array());
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Frame read() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = h.getInt() & 0xFFFF_FFFFL;
        int type = h.get() & 0xFF;
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** Reads exactly {@code n} bytes, whatever frames they belong to (part of one, for a client cut mid-frame). */
    byte[] readBytes(int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    /** The client's own port: its address in the server's metrics is {@code /127.0.0.1:} this. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** Whether the server has closed the connection (reads end of stream within the timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    /**
     * Reads and drops everything until the server closes the connection (a reset counts as its
     * close); returns the bytes dropped. Throws if the connection is still open at the read timeout.
     */
    long drainToTheClose() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long dropped = 0;
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                dropped += n;
            }
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
        return dropped;
    }

    /** Bytes received and not yet read, as far as the kernel has them. */
    int available() throws IOException {
        return in.available();
    }

    /** Ends this side's writing (a half-close): the server reads the end of the stream. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with a reset, as a killed process would. */
    void kill() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
