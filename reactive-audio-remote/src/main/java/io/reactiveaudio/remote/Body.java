package io.reactiveaudio.remote;

import io.reactiveaudio.bytes.ByteSources;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A response body handed from the client's threads to one blocking reader: a subscriber that
 * requests {@link #PREFETCH} buffers ahead and one more for each the reader takes, so at most
 * {@code PREFETCH} buffers wait. The client's threads never block or lock in it (a lock-free queue
 * and {@code unpark}), so it is safe on Netty's event loops; the reader parks, so it must run on a
 * thread that may block. A body that delivers nothing for {@code stallNanos} fails the read as a
 * stall, which the caller retries like a reset.
 */
final class Body implements Subscriber<ByteBuffer> {

    /** Buffers requested ahead of the reader: the core's named bound, which the memory estimate counts. */
    static final int PREFETCH = ByteSources.REMOTE_READ_AHEAD_BUFFERS;

    private static final Object END = new Object();

    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final long stallNanos;
    private volatile Thread reader;
    private volatile Subscription subscription;
    private volatile boolean cancelled;
    private ByteBuffer current;
    private boolean ended;

    Body(long stallNanos) {
        this.stallNanos = stallNanos;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(PREFETCH);
        }
    }

    @Override
    public void onNext(ByteBuffer buffer) {
        queue.add(buffer);
        wake();
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
        wake();
    }

    @Override
    public void onComplete() {
        queue.add(END);
        wake();
    }

    /**
     * Copies the next bytes into {@code dst}, waiting for them (blocking).
     *
     * @return bytes copied, or -1 at the end of the body
     * @throws IOException the transfer's failure, or a stall of {@code stallNanos}
     */
    int read(ByteBuffer dst) throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (ended) {
                return -1;
            }
            Object next = take();
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t.toString(), t);
            }
            current = (ByteBuffer) next;
            subscription.request(1);
        }
        int n = Math.min(dst.remaining(), current.remaining());
        ByteBuffer slice = current.slice().limit(n);
        dst.put(slice);
        current.position(current.position() + n);
        return n;
    }

    /** Stops the transfer; buffers still queued are dropped with the body. */
    void cancel() {
        cancelled = true;
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.clear();
    }

    private Object take() throws IOException {
        reader = Thread.currentThread();
        long deadline = System.nanoTime() + stallNanos;
        try {
            while (true) {
                Object next = queue.poll();
                if (next != null) {
                    return next;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StallException("no byte for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the body");
                }
            }
        } finally {
            reader = null;
        }
    }

    private void wake() {
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** A body that delivered nothing for too long: retried like a reset. */
    static final class StallException extends IOException {
        private static final long serialVersionUID = 1L;

        StallException(String message) {
            super(message);
        }
    }
}
