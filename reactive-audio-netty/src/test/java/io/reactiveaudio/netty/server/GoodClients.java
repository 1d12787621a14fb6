package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.client.AudioClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;

/**
 * Trainers that read as fast as they can: Java {@link AudioClient}s of an endless stream, each
 * releasing every batch at once, with the bytes of BATCH payload they received, to measure their
 * rate while faults hit the server. Thread-safe.
 */
final class GoodClients implements AutoCloseable {

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Disposable> running = new ArrayList<>();

    /** Starts {@code count} clients of stream {@code stream} at {@code port}. */
    GoodClients(int port, String stream, int count) {
        for (int i = 0; i < count; i++) {
            running.add(AudioClient.builder("127.0.0.1", port).stream(stream).seed(i).reconnects(0).build().batches()
                    .subscribe(batch -> {
                        bytes.addAndGet(batch.blob().remaining());
                        batches.incrementAndGet();
                        batch.release();
                    }, failure::set));
        }
    }

    /** Batches received so far, all clients together. */
    long batches() {
        return batches.get();
    }

    /**
     * MB/s (10^6 bytes of BATCH payload a second) the clients received together over the next
     * {@code window}; blocks the calling thread for it.
     */
    double rate(Duration window) throws InterruptedException {
        long before = bytes.get();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        long after = bytes.get();
        return (after - before) / ((System.nanoTime() - start) / 1e9) / 1e6;
    }

    /** The error that ended a client, if one did. */
    Throwable failure() {
        return failure.get();
    }

    /** Waits until they have received {@code count} batches together (their streams have started). */
    void awaitBatches(long count) {
        Awaits.until(() -> batches.get() >= count, count + " batches received by the good clients");
    }

    /** The best of some rates: on a busy machine the least disturbed one (other work only slows a window down). */
    static double best(double[] rates) {
        return Arrays.stream(rates).max().orElseThrow();
    }

    /** The median of some rates. */
    static double median(double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public void close() {
        running.forEach(Disposable::dispose);
    }
}
