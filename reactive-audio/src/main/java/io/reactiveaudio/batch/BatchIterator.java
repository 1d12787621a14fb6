package io.reactiveaudio.batch;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * A blocking iterator over a {@code Flux<Batch>}: how a JVM training loop takes batches one at a
 * time, and gives back every batch it did not take when it stops early.
 *
 * <pre>{@code
 * try (BatchIterator it = BatchIterator.of(pipeline.flux(), 2)) {
 *     for (int step = 0; step < steps && it.hasNext(); step++) {
 *         try (Batch batch = it.next()) {
 *             train(batch.audio(), batch.labels());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Demand.</b> The first {@link #hasNext()} or {@link #next()} subscribes and requests
 * {@code prefetch} batches; each {@code next()} requests one more. So at most {@code prefetch}
 * batches are requested and not yet taken, and this iterator holds at most {@code prefetch}
 * batches. {@code hasNext()} and {@code next()} block until a batch, the completion or an error
 * arrives. Batches that arrived before an error are handed out first; then the error is thrown
 * by every call, unchanged if it is a {@link RuntimeException} or an {@link Error}, otherwise
 * wrapped in a {@link CompletionException}.
 *
 * <p><b>Pool.</b> A batch taken is in the consumer's hand until it releases it, so the batcher's
 * {@link BufferPool} must cover {@code prefetch + 1} batches (more if the consumer keeps
 * several): with {@link Batcher#DEFAULT_POOL_SIZE} buffers, a prefetch of at most 3.
 *
 * <p><b>Release.</b> The consumer releases every batch that {@code next()} returns. {@link #close()}
 * cancels the upstream and releases the batches this iterator holds, and any batch that arrives
 * after it (an emission already under way when the cancel lands); each is released once and
 * never handed out. (Reactor's {@code toIterable} has no close, and {@code toStream}'s close
 * cancels without releasing its queue.) Batches that an operator between the batcher and this
 * iterator drops ({@code filter}, the queue of a cancelled {@code publishOn}) need
 * {@code doOnDiscard(Batch.class, Batch::release)} after that operator. If the waiting thread is
 * interrupted, the iterator closes, keeps the thread's interrupt status and throws a
 * {@code CompletionException} caused by an {@link InterruptedException}.
 *
 * <p><b>Threads.</b> One consumer thread calls {@code hasNext()} and {@code next()}, and it must
 * be allowed to block: on a non-blocking thread ({@link Schedulers#isInNonBlockingThread()}, such
 * as {@code Schedulers.parallel()}) they throw an {@link IllegalStateException}. {@code close()}
 * may be called from any thread, also while the consumer waits, which then sees the end
 * ({@code hasNext()} returns false); it never blocks and may be called more than once. A
 * {@code next()} running at the same moment either returns a batch taken just before the close,
 * which the consumer then releases as usual, or throws {@link NoSuchElementException}. Upstream
 * signals may arrive on any thread; taking them never blocks that thread.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {

    private static final AtomicReferenceFieldUpdater<BatchIterator, Subscription> SUBSCRIPTION =
            AtomicReferenceFieldUpdater.newUpdater(BatchIterator.class, Subscription.class, "subscription");

    private final Flux<Batch> batches;
    private final int prefetch;
    /** Batches received and not taken; a lock-free queue, so producers never block. */
    private final Queue<Batch> queue = new ConcurrentLinkedQueue<>();
    private volatile Subscription subscription;
    /** Written before {@link #done}. */
    private Throwable error;
    private volatile boolean done;
    private volatile boolean closed;
    /** The consumer thread while it is parked waiting for a signal. */
    private volatile Thread waiter;
    /** Touched by the consumer thread only. */
    private boolean subscribed;

    private BatchIterator(Flux<Batch> batches, int prefetch) {
        this.batches = batches;
        this.prefetch = prefetch;
    }

    /**
     * An iterator over {@code batches}, which it subscribes to at its first {@link #hasNext()} or
     * {@link #next()}.
     *
     * @param prefetch batches requested ahead of the consumer, at least 1
     */
    public static BatchIterator of(Flux<Batch> batches, int prefetch) {
        Objects.requireNonNull(batches, "batches");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1: " + prefetch);
        }
        return new BatchIterator(batches, prefetch);
    }

    /**
     * Whether a batch can be taken, waiting until one arrives or the stream ends; false once the
     * stream has completed and every batch is taken, or once the iterator is closed.
     *
     * @throws IllegalStateException on a non-blocking thread
     */
    @Override
    public boolean hasNext() {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("BatchIterator blocks and must not be used on the non-blocking thread "
                    + Thread.currentThread().getName() + ": iterate on the training thread or on boundedElastic");
        }
        if (!subscribed && !closed) {
            subscribed = true;
            batches.subscribe(new Receiver());
        }
        while (true) {
            if (closed) {
                return false;
            }
            boolean terminated = done;
            if (!queue.isEmpty()) {
                return true;
            }
            if (terminated) {
                if (error != null) {
                    rethrow(error);
                }
                return false;
            }
            await();
        }
    }

    /**
     * The next batch, waiting until it arrives; the caller owns it and releases it after use.
     *
     * @throws NoSuchElementException if the stream has ended or the iterator is closed
     * @throws IllegalStateException on a non-blocking thread
     */
    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "BatchIterator closed" : "no more batches");
        }
        Batch batch = queue.poll();
        if (batch == null) {
            throw new NoSuchElementException("BatchIterator closed");
        }
        subscription.request(1);
        return batch;
    }

    /** Cancels the upstream and releases every batch held now or arriving later. Never blocks. */
    @Override
    public void close() {
        closed = true;
        Operators.terminate(SUBSCRIPTION, this);
        releaseQueued();
        wake();
    }

    /** Parks the consumer until a producer or {@link #close()} wakes it. */
    private void await() {
        Thread consumer = Thread.currentThread();
        waiter = consumer;
        // read again after publishing the waiter: a signal before this saw no waiter to wake
        if (!closed && !done && queue.isEmpty()) {
            if (consumer.isInterrupted()) {
                waiter = null;
                close();
                throw new CompletionException(new InterruptedException("interrupted while waiting for a batch"));
            }
            LockSupport.park(this);
        }
        waiter = null;
    }

    private void wake() {
        Thread consumer = waiter;
        if (consumer != null) {
            LockSupport.unpark(consumer);
        }
    }

    private void releaseQueued() {
        Batch batch;
        while ((batch = queue.poll()) != null) {
            batch.release();
        }
    }

    private static void rethrow(Throwable e) {
        if (e instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (e instanceof Error fatal) {
            throw fatal;
        }
        throw new CompletionException(e);
    }

    /** Takes the upstream's signals on any thread without blocking it. */
    private final class Receiver implements CoreSubscriber<Batch> {

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.setOnce(SUBSCRIPTION, BatchIterator.this, s)) {
                s.request(prefetch);
            }
        }

        @Override
        public void onNext(Batch batch) {
            queue.offer(batch);
            // a close() that ran before the offer has already emptied the queue
            if (closed) {
                releaseQueued();
            }
            wake();
        }

        @Override
        public void onError(Throwable e) {
            error = e;
            done = true;
            wake();
        }

        @Override
        public void onComplete() {
            done = true;
            wake();
        }
    }
}
