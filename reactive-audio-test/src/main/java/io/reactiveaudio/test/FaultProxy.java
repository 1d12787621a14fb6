package io.reactiveaudio.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that injects the faults of a real network between a client and a
 * server: it cuts connections mid-transfer (after a random number of bytes from the server,
 * drawn per connection from a seeded generator), stalls them, or answers HTTP requests with 503
 * before the server sees them. Counts connections and faults, so a test can check that its
 * client met them. Runs on plain threads of its own (blocking sockets), never on Reactor's.
 * Thread-safe; {@link #close()} stops it.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to each connection. */
    public record Fault(long seed, int minBytesBeforeCut, int maxBytesBeforeCut, int bytesBeforeStall,
                        Duration stall, int first503s) {

        /** Forwards everything untouched. */
        public static Fault none() {
            return new Fault(0, -1, -1, -1, Duration.ZERO, 0);
        }

        /** Cuts every connection after between {@code min} and {@code max} bytes from the server (seeded). */
        public static Fault cutAfterRandomBytes(long seed, int min, int max) {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("need 1 <= min <= max: " + min + ", " + max);
            }
            return new Fault(seed, min, max, -1, Duration.ZERO, 0);
        }

        /** Stops forwarding for {@code stall} after {@code bytes} bytes from the server, on every connection. */
        public static Fault stallAfter(int bytes, Duration stall) {
            return new Fault(0, -1, -1, bytes, stall, 0);
        }

        /** Answers the first {@code n} connections' first request with {@code 503 Service Unavailable}. */
        public static Fault first503s(int n) {
            return new Fault(0, -1, -1, -1, Duration.ZERO, n);
        }
    }

    private final ServerSocket server;
    private final int targetPort;
    private final Fault fault;
    private final SplittableRandom random;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger answered503 = new AtomicInteger();
    private volatile boolean closed;

    private FaultProxy(int targetPort, Fault fault) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.fault = fault;
        this.random = new SplittableRandom(fault.seed());
        Thread accept = new Thread(this::acceptLoop, "fault-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Starts a proxy on a free loopback port that forwards to {@code targetPort} on loopback. */
    public static FaultProxy start(int targetPort, Fault fault) throws IOException {
        return new FaultProxy(targetPort, fault);
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections cut mid-transfer so far. */
    public int cuts() {
        return cuts.get();
    }

    /** Stalls injected so far. */
    public int stalls() {
        return stalls.get();
    }

    /** Requests answered with 503 so far. */
    public int answered503() {
        return answered503.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                int n = connections.incrementAndGet();
                long cutAfter;
                synchronized (random) {
                    cutAfter = fault.minBytesBeforeCut() < 0 ? -1
                            : random.nextInt(fault.minBytesBeforeCut(), fault.maxBytesBeforeCut() + 1);
                }
                Thread t = new Thread(() -> serve(client, n, cutAfter), "fault-proxy-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("fault proxy: accept failed", e);
                }
            }
        }
    }

    private void serve(Socket client, int n, long cutAfter) {
        try (client) {
            if (n <= fault.first503s()) {
                answer503(client);
                return;
            }
            try (Socket target = new Socket()) {
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                Thread up = new Thread(() -> pump(client, target), "fault-proxy-up-" + n);
                up.setDaemon(true);
                up.start();
                downstream(target, client, cutAfter);
            }
        } catch (IOException e) {
            // a side closed: the connection ends, as on a real network
        }
    }

    private void downstream(Socket target, Socket client, long cutAfter) throws IOException {
        InputStream in = target.getInputStream();
        OutputStream out = client.getOutputStream();
        byte[] buffer = new byte[8192];
        long sent = 0;
        boolean stalled = false;
        while (true) {
            int want = buffer.length;
            if (cutAfter >= 0) {
                want = (int) Math.min(want, cutAfter - sent);
            }
            if (!stalled && fault.bytesBeforeStall() >= 0) {
                want = (int) Math.min(want, Math.max(1, fault.bytesBeforeStall() - sent));
            }
            if (cutAfter >= 0 && sent >= cutAfter) {
                cuts.incrementAndGet();
                client.setSoLinger(true, 0);
                return;
            }
            if (!stalled && fault.bytesBeforeStall() >= 0 && sent >= fault.bytesBeforeStall()) {
                stalled = true;
                stalls.incrementAndGet();
                sleep(fault.stall());
            }
            int r = in.read(buffer, 0, want);
            if (r < 0) {
                return;
            }
            out.write(buffer, 0, r);
            out.flush();
            sent += r;
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // the other direction was cut or closed
        }
    }

    private void answer503(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        answered503.incrementAndGet();
        client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
