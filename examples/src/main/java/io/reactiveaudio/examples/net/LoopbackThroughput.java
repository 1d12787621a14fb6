package io.reactiveaudio.examples.net;

import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.framing.Segment;
import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.source.AudioSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Loopback payload throughput of the server to the Java client, from a pipeline of ready-made
 * batches (no decoding), next to the ceiling measured in the same run: one Java thread writing a
 * direct buffer to a loopback socket and another reading it. Prints one line per round:
 * {@code java-client MB/s, socket-copy MB/s, ratio}.
 *
 * <p>Usage: {@code LoopbackThroughput [batchMiB=2] [batches=1000] [rounds=3] [maxCredit=4]}.
 * Optionally serves forever for other clients: {@code LoopbackThroughput serve PORT [batchMiB]}.
 */
public final class LoopbackThroughput {

    private LoopbackThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            int port = Integer.parseInt(args[1]);
            int mib = args.length > 2 ? Integer.parseInt(args[2]) : 2;
            AudioServer server = server(port, mib, 8);
            System.out.println("serving ready-made batches of " + mib + " MiB on 127.0.0.1:" + server.port());
            server.onDispose().block();
            return;
        }
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int credit = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        AudioServer server = server(0, mib, credit);
        try {
            for (int round = 0; round < rounds; round++) {
                double client = javaClient(server.port(), batches);
                double ceiling = socketCopy((long) batches * mib << 20);
                System.out.printf(Locale.ROOT, "round %d: java-client %.0f MB/s, socket-copy %.0f MB/s, ratio %.2f%n",
                        round + 1, client, ceiling, client / ceiling);
            }
        } finally {
            server.dispose();
        }
    }

    /** A server whose stream {@code bench} gives endless batches of {@code mib} MiB of float32 (8 items, mono). */
    static AudioServer server(int port, int mib, int credit) {
        int items = 8;
        int frames = (mib << 20) / Float.BYTES / items;
        float[] samples = new float[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (i % 1000) / 1000f;
        }
        AudioSource source = AudioSource.of(0, Path.of("ready-made"));
        return AudioServer.builder()
                .stream("bench", request -> {
                    BufferPool pool = new BufferPool(items * frames * Float.BYTES, credit + 2);
                    return Flux.range(0, Integer.MAX_VALUE)
                            .map(k -> new Segment(source, k, samples, frames, 1, 16_000))
                            .transform(Batcher.of(items).pool(pool));
                })
                .port(port)
                .maxCredit(credit)
                .bindNow();
    }

    /** MB/s of batch payload (the float32 tensor) received by {@link AudioClient}. */
    static double javaClient(int port, int batches) {
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        AudioClient.builder("127.0.0.1", port).stream("bench").build().batches()
                .take(batches)
                .doOnNext(batch -> {
                    bytes.addAndGet(batch.data().remaining());
                    batch.release();
                })
                .blockLast(Duration.ofMinutes(10));
        return bytes.get() / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** MB/s of a plain loopback copy of {@code total} bytes, 4 MiB writes and reads of direct buffers. */
    static double socketCopy(long total) throws IOException, InterruptedException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread writer = new Thread(() -> {
                try (SocketChannel out = SocketChannel.open(listener.getLocalAddress())) {
                    ByteBuffer chunk = ByteBuffer.allocateDirect(4 << 20);
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
            });
            long start = System.nanoTime();
            writer.start();
            try (SocketChannel in = listener.accept()) {
                ByteBuffer chunk = ByteBuffer.allocateDirect(4 << 20);
                long read = 0;
                while (read < total) {
                    chunk.clear();
                    int n = in.read(chunk);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
            }
            writer.join();
            return total / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }
}
