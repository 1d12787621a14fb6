package io.reactiveaudio.netty.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback whose connections can be cut at once, or whose first connections hold the
 * client's bytes back for a while (a slow network or a slow peer, as the server sees it), for tests
 * of reconnection: each accepted connection is joined to a new one to the target port by two copying
 * threads.
 */
final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicInteger heldConnections = new AtomicInteger();
    private volatile Duration hold = Duration.ZERO;
    private final Thread acceptor;

    CuttableProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    long accepted() {
        return accepted.get();
    }

    /** Makes the next {@code connections} accepted connections wait {@code hold} before relaying the client's bytes. */
    void holdClientBytes(int connections, Duration hold) {
        this.hold = hold;
        heldConnections.set(connections);
    }

    /** Closes every relayed connection, both sides, with a reset. */
    void cut() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        sockets.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                accepted.incrementAndGet();
                pump(client, server, heldConnections.getAndDecrement() > 0 ? hold : Duration.ZERO);
                pump(server, client, Duration.ZERO);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to, Duration hold) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                Thread.sleep(hold.toMillis());
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException | InterruptedException ignored) {
                // cut or closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
