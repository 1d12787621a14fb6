package io.reactiveaudio.examples.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling of the loopback benchmark: plain copies of a number of bytes from one loopback
 * socket to another, in MB/s (10^6 bytes per second), by a pair of Java threads, by
 * {@code iperf3} or by {@code socat}. Each copy moves the bytes in blocks of {@link #BLOCK}
 * bytes. Stateless and thread-safe; each call uses its own sockets and processes.
 */
final class LoopbackCopy {

    /** Bytes per write and per read: 1 MiB, the largest block {@code iperf3} accepts. */
    static final int BLOCK = 1 << 20;

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private LoopbackCopy() {
    }

    /**
     * One thread writes a direct buffer to a loopback socket, another reads into one; the
     * writer's send buffer is {@code sendBuffer} bytes, or the kernel's autotuning for 0.
     */
    static double javaSockets(long total, int sendBuffer) throws IOException, InterruptedException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread writer = new Thread(() -> {
                try (SocketChannel out = SocketChannel.open(listener.getLocalAddress())) {
                    if (sendBuffer > 0) {
                        out.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
                    }
                    ByteBuffer chunk = ByteBuffer.allocateDirect(BLOCK);
                    long left = total;
                    while (left > 0) {
                        chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                        while (chunk.hasRemaining()) {
                            left -= out.write(chunk);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "loopback-copy-writer");
            long start = System.nanoTime();
            writer.start();
            long read = 0;
            try (SocketChannel in = listener.accept()) {
                ByteBuffer chunk = ByteBuffer.allocateDirect(BLOCK);
                for (int n = 0; n >= 0 && read < total; read += n) {
                    chunk.clear();
                    n = in.read(chunk);
                }
            }
            writer.join();
            if (read < total) {
                throw new IOException("the copy ended after " + read + " of " + total + " bytes");
            }
            return total / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** {@code iperf3 -c} sends to {@code iperf3 -s -1}; the receiver's rate. */
    static double iperf3(long total) throws IOException, InterruptedException {
        int port = freePort();
        Process server = new ProcessBuilder("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", Integer.toString(port),
                "--forceflush").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line == null || !line.contains("listening"); line = lines.readLine()) {
                if (line == null) {
                    throw new IOException("iperf3 -s ended before listening");
                }
            }
            String json = Commands.run(List.of("iperf3", "-c", "127.0.0.1", "-p", Integer.toString(port),
                    "-n", Long.toString(total), "-l", Integer.toString(BLOCK), "-J"), TIMEOUT);
            int received = json.indexOf("\"sum_received\"");
            if (received < 0) {
                throw new IOException("iperf3 -c printed no sum_received: " + json);
            }
            return Commands.jsonNumber(json.substring(received), "bits_per_second") / 8e6;
        } finally {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
    }

    /** {@code socat} copies {@code /dev/zero} to a loopback socket, another {@code socat} to {@code /dev/null}. */
    static double socat(long total) throws IOException, InterruptedException {
        int port = freePort();
        String block = Integer.toString(BLOCK);
        long start = System.nanoTime();
        Process receiver = new ProcessBuilder("socat", "-u", "-b", block,
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr", "OPEN:/dev/null")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            Commands.run(List.of("socat", "-u", "-b", block, "OPEN:/dev/zero,readbytes=" + total,
                    "TCP:127.0.0.1:" + port + ",retry=500,interval=0.01"), TIMEOUT);
            if (!receiver.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || receiver.exitValue() != 0) {
                throw new IOException("the receiving socat failed");
            }
            return total / 1e6 / ((System.nanoTime() - start) / 1e9);
        } finally {
            receiver.destroy();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
