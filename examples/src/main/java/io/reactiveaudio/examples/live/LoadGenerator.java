package io.reactiveaudio.examples.live;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends live 16-bit mono PCM streams in real time over loopback TCP: stream {@code s} sends chunk
 * {@code k} (samples {@code [k * chunk, (k + 1) * chunk)}) at {@link #sendNanos(int, long)}, the moment
 * its last sample would have been recorded; streams are staggered evenly over one chunk period.
 * One sending thread of its own (not a Reactor scheduler) writes to every socket; it wakes at most
 * once per {@link #TICK_NANOS} and then sends every chunk that is due (so a chunk may leave up to a
 * tick late, which the latency measured from the schedule counts against the receiver) instead of
 * spinning between streams whose moments are microseconds apart. How late it ran is reported.
 *
 * <p>The signal is a tone with noise, precomputed once; its content does not matter for the load.
 * Thread-safe to query while running; {@link #close()} stops it.
 */
public final class LoadGenerator implements AutoCloseable {

    /** The shortest sleep of the sender between two rounds of sends: 1 ms. */
    public static final long TICK_NANOS = 1_000_000;

    private final int sampleRate;
    private final int chunkFrames;
    private final long periodNanos;
    private volatile long startNanos;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<OutputStream> outputs = new ArrayList<>();
    private final byte[] signal;
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final AtomicLong sentChunks = new AtomicLong();
    private volatile boolean running = true;
    private Thread sender;

    /** A generator for streams at {@code sampleRate} Hz in chunks of {@code chunkFrames} samples. */
    public LoadGenerator(int sampleRate, int chunkFrames) {
        this.sampleRate = sampleRate;
        this.chunkFrames = chunkFrames;
        this.periodNanos = chunkFrames * 1_000_000_000L / sampleRate;
        this.signal = new byte[sampleRate * 2];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < sampleRate; i++) {
            double v = 0.3 * Math.sin(2 * Math.PI * 440 * i / sampleRate) + random.nextDouble(-0.05, 0.05);
            short s = (short) Math.round(v * 32767);
            signal[2 * i] = (byte) s;
            signal[2 * i + 1] = (byte) (s >> 8);
        }
    }

    /** Opens the next stream's connection to {@code port} on loopback; call before {@link #start(int)}. */
    public void connect(int port) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            sockets.add(socket);
            outputs.add(socket.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When stream {@code stream} sends chunk {@code chunk}, in {@link System#nanoTime()} terms. */
    public long sendNanos(int stream, long chunk) {
        return startNanos + stream * periodNanos / sockets.size() + (chunk + 1) * periodNanos;
    }

    /** Starts the schedules of every connected stream {@code delayNanos} from now. */
    public void start(long delayNanos) {
        startNanos = System.nanoTime() + delayNanos;
        sender = new Thread(this::send, "live-load-generator");
        sender.setDaemon(true);
        sender.start();
    }

    /** The most the sender ran behind its schedule, in milliseconds. */
    public double maxLagMillis() {
        return maxLagNanos.get() / 1e6;
    }

    /** Frames written to the sockets so far, every stream together. */
    public long sentFrames() {
        return sentChunks.get() * chunkFrames;
    }

    private void send() {
        int n = sockets.size();
        long[] next = new long[n];
        int chunkBytes = chunkFrames * 2;
        try {
            while (running) {
                long now = System.nanoTime();
                long earliest = Long.MAX_VALUE;
                for (int s = 0; s < n; s++) {
                    long due = sendNanos(s, next[s]);
                    while (due <= now) {
                        write(outputs.get(s), next[s] * chunkBytes, chunkBytes);
                        sentChunks.incrementAndGet();
                        maxLagNanos.accumulateAndGet(System.nanoTime() - due, Math::max);
                        next[s]++;
                        due = sendNanos(s, next[s]);
                    }
                    earliest = Math.min(earliest, due);
                }
                LockSupport.parkNanos(Math.max(TICK_NANOS, earliest - System.nanoTime()));
            }
        } catch (IOException e) {
            if (running) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes {@code length} bytes of the looped signal from byte {@code from} of the stream. */
    private void write(OutputStream out, long from, int length) throws IOException {
        int offset = (int) (from % signal.length);
        int first = Math.min(length, signal.length - offset);
        out.write(signal, offset, first);
        if (first < length) {
            out.write(signal, 0, length - first);
        }
    }

    /** Stops sending and closes every connection. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (sender != null) {
            sender.join(5_000);
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing at the end of the test: nothing left to lose
            }
        }
    }
}
