package io.reactiveaudio.batch;

import static io.reactiveaudio.batch.TestSegments.eventually;
import static io.reactiveaudio.batch.TestSegments.segment;
import static io.reactiveaudio.batch.TestSegments.segments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.test.DemandProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.publisher.TestPublisher;

/** {@link BatchIterator}: order, demand, waiting, errors, threads, and release on close, also racing arrivals. */
class BatchIteratorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int B = 4;
    private static final int T = 5;
    private static final int C = 2;
    private static final int BATCH_BYTES = B * T * C * Float.BYTES;

    private final BufferPool pool = new BufferPool(BATCH_BYTES, 8);
    /** A thread that may block, standing for the training loop's. */
    private final ExecutorService consumer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopConsumer() {
        consumer.shutdownNow();
    }

    @Test
    void handsOutTheBatchesInOrderThenEnds() {
        List<Batch> made = batches(5);
        List<Batch> taken = new ArrayList<>();

        try (BatchIterator it = BatchIterator.of(Flux.fromIterable(made), 2)) {
            while (it.hasNext()) {
                taken.add(it.next());
            }
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }

        assertEquals(made, taken);
    }

    @Test
    void subscribesAtTheFirstCallAndRequestsOneBatchPerBatchTaken() {
        DemandProbe<Batch> probe = DemandProbe.of(batches(6));
        try (BatchIterator it = BatchIterator.of(probe.flux(), 3)) {
            assertEquals(0, probe.subscriptions());

            assertTrue(it.hasNext());
            assertTrue(it.hasNext());
            assertEquals(List.of(3L), probe.requests());
            for (int taken = 1; taken <= 6; taken++) {
                it.next().release();
                assertEquals(3 + taken, probe.requested(), "prefetch plus the batches taken");
            }
            assertFalse(it.hasNext());
            assertEquals(List.of(3L, 1L, 1L, 1L, 1L, 1L, 1L), probe.requests());
        }
    }

    @Test
    void aPoolOfPrefetchPlusOneBuffersServesAnEndlessStreamAndCloseCancelsIt() {
        int prefetch = 3;
        BufferPool tight = new BufferPool(BATCH_BYTES, prefetch + 1);
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> segment(i, T, C));

        try (BatchIterator it = BatchIterator.of(probe.flux().transform(Batcher.of(B).pool(tight)), prefetch)) {
            for (int step = 0; step < 50; step++) {
                try (Batch batch = it.next()) {
                    assertEquals((long) step * B / 2, batch.sourceIndices()[0], "batches in order");
                    probe.assertRequestedAtMost((long) (prefetch + step + 1) * B);
                }
            }
        }

        assertTrue(probe.isCancelled());
        assertEquals(0, tight.inUse(), tight.toString());
    }

    @Test
    void closeReleasesTheBatchesItHoldsButNotTheOneInHand() {
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> segment(i, T, C));
        BatchIterator it = BatchIterator.of(probe.flux().transform(Batcher.of(B).pool(pool)), 3);

        Batch inHand = it.next();
        assertEquals(4, pool.inUse(), "one in hand, three prefetched");
        it.close();

        assertTrue(probe.isCancelled());
        assertEquals(1, pool.inUse(), pool.toString());
        assertEquals(BATCH_BYTES, inHand.bytes().remaining(), "the batch in hand stays readable");
        inHand.release();
        assertEquals(0, pool.inUse());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        it.close();
    }

    @Test
    void aBatchArrivingAfterCloseIsReleasedAndNeverHandedOut() throws Exception {
        TestPublisher<Batch> publisher = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
        List<Batch> made = batches(3);
        BatchIterator it = BatchIterator.of(publisher.flux(), 3);
        Future<Boolean> hasNext = waitingOnTheConsumerThread(it::hasNext, publisher);
        publisher.next(made.get(0));
        assertTrue(result(hasNext));

        it.close();
        publisher.next(made.get(1), made.get(2));

        publisher.assertCancelled();
        assertTrue(made.stream().allMatch(Batch::isReleased));
        assertEquals(0, pool.inUse());
        assertFalse(it.hasNext());
    }

    @Test
    void closeBeforeTheFirstCallNeverSubscribes() {
        DemandProbe<Batch> probe = DemandProbe.of(List.of());
        BatchIterator it = BatchIterator.of(probe.flux(), 2);

        it.close();

        assertFalse(it.hasNext());
        assertEquals(0, probe.subscriptions());
    }

    @Test
    void hasNextWaitsForABatch() throws Exception {
        TestPublisher<Batch> publisher = TestPublisher.create();
        BatchIterator it = BatchIterator.of(publisher.flux(), 2);
        Batch batch = batches(1).get(0);

        Future<Boolean> hasNext = waitingOnTheConsumerThread(it::hasNext, publisher);
        publisher.next(batch);

        assertTrue(result(hasNext));
        assertSame(batch, it.next());
    }

    @Test
    void hasNextWaitsForTheCompletion() throws Exception {
        TestPublisher<Batch> publisher = TestPublisher.create();
        BatchIterator it = BatchIterator.of(publisher.flux(), 2);

        Future<Boolean> hasNext = waitingOnTheConsumerThread(it::hasNext, publisher);
        publisher.complete();

        assertFalse(result(hasNext));
    }

    @Test
    void nextWaitsForAnErrorAndThrowsIt() throws Exception {
        TestPublisher<Batch> publisher = TestPublisher.create();
        BatchIterator it = BatchIterator.of(publisher.flux(), 2);
        IllegalStateException failure = new IllegalStateException("decoder gone");

        Future<Batch> next = waitingOnTheConsumerThread(it::next, publisher);
        publisher.error(failure);

        assertSame(failure, assertThrows(ExecutionException.class, () -> result(next)).getCause());
    }

    @Test
    void closeFromAnotherThreadEndsAWaitingConsumer() throws Exception {
        TestPublisher<Batch> publisher = TestPublisher.create();
        BatchIterator it = BatchIterator.of(publisher.flux(), 2);

        Future<Boolean> hasNext = waitingOnTheConsumerThread(it::hasNext, publisher);
        it.close();

        assertFalse(result(hasNext));
        publisher.assertCancelled();
    }

    @Test
    void batchesBeforeAnErrorComeFirstThenEveryCallThrowsTheSameRuntimeException() {
        List<Batch> made = batches(2);
        IllegalStateException failure = new IllegalStateException("decoder gone");

        try (BatchIterator it = BatchIterator.of(Flux.concat(Flux.fromIterable(made), Flux.error(failure)), 4)) {
            assertSame(made.get(0), it.next());
            assertSame(made.get(1), it.next());
            assertSame(failure, assertThrows(IllegalStateException.class, it::hasNext));
            assertSame(failure, assertThrows(IllegalStateException.class, it::next));
        }
    }

    @Test
    void aCheckedExceptionIsWrappedAndAnErrorIsRethrownAsItIs() {
        IOException checked = new IOException("disk gone");
        AssertionError error = new AssertionError("broken invariant");

        try (BatchIterator it = BatchIterator.of(Flux.error(checked), 1)) {
            assertSame(checked, assertThrows(CompletionException.class, it::hasNext).getCause());
        }
        try (BatchIterator it = BatchIterator.of(Flux.error(error), 1)) {
            assertSame(error, assertThrows(AssertionError.class, it::hasNext));
        }
    }

    @Test
    void refusesToBlockANonBlockingThread() {
        BatchIterator it = BatchIterator.of(Flux.never(), 1);

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Mono.fromCallable(it::hasNext).subscribeOn(Schedulers.parallel()).block(TIMEOUT));

        assertTrue(thrown.getMessage().contains("non-blocking thread parallel-"), thrown.getMessage());
    }

    @Test
    void anInterruptedConsumerClosesTheIteratorAndKeepsItsInterruptStatus() throws InterruptedException {
        TestPublisher<Batch> publisher = TestPublisher.create();
        BatchIterator it = BatchIterator.of(publisher.flux(), 2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread trainer = new Thread(() -> {
            try {
                it.hasNext();
            } catch (CompletionException e) {
                thrown.set(e.getCause());
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });

        trainer.start();
        assertTrue(eventually(() -> trainer.getState() == Thread.State.WAITING));
        trainer.interrupt();
        trainer.join(TIMEOUT.toMillis());

        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertTrue(stillInterrupted.get());
        publisher.assertCancelled();
        assertFalse(it.hasNext());
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> BatchIterator.of(null, 1));
        assertThrows(IllegalArgumentException.class, () -> BatchIterator.of(Flux.empty(), 0));
    }

    /**
     * The consumer takes a few batches and closes while the publisher's thread is making the next
     * ones: every buffer comes back, and no batch is both handed out and released by the iterator.
     */
    @Test
    void closeRacingArrivalsLeaksNoBufferAndHandsOutNoReleasedBatch() {
        Scheduler publisherThread = Schedulers.newSingle("publisher");
        SplittableRandom random = new SplittableRandom(7);
        List<BufferPool> pools = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) {
                int prefetch = 1 + random.nextInt(3);
                BufferPool tight = new BufferPool(BATCH_BYTES, prefetch + 1);
                pools.add(tight);
                int take = 1 + random.nextInt(prefetch + 2);
                try (BatchIterator it = BatchIterator.of(endless(tight, publisherThread), prefetch)) {
                    for (int t = 0; t < take; t++) {
                        Batch batch = it.next();
                        assertEquals(BATCH_BYTES, batch.bytes().remaining());
                        assertTrue(batch.release(), "iteration " + i + ": a handed-out batch was already released");
                    }
                }
                int iteration = i;
                assertTrue(eventually(() -> tight.inUse() == 0), () -> "iteration " + iteration + ": " + tight);
            }
            assertTrue(eventually(() -> pools.stream().allMatch(p -> p.inUse() == 0)), "a late batch was not released");
        } finally {
            publisherThread.dispose();
        }
    }

    /**
     * Another thread closes while the consumer takes batches as fast as it can: the consumer sees
     * the end, and every buffer comes back.
     */
    @Test
    void closeFromAnotherThreadRacingTheConsumerLeaksNoBuffer() throws Exception {
        Scheduler publisherThread = Schedulers.newSingle("publisher");
        try {
            for (int i = 0; i < 2_000; i++) {
                BufferPool tight = new BufferPool(BATCH_BYTES, 3);
                BatchIterator it = BatchIterator.of(endless(tight, publisherThread), 2);
                Future<?> consumed = consumer.submit(() -> takeUntilClosed(it));
                Schedulers.parallel().schedule(it::close);

                result(consumed);
                int iteration = i;
                assertTrue(eventually(() -> tight.inUse() == 0), () -> "iteration " + iteration + ": " + tight);
            }
        } finally {
            publisherThread.dispose();
        }
    }

    /** Calls {@code call} on the consumer thread and checks that it still waits 100 ms after subscribing. */
    private <T> Future<T> waitingOnTheConsumerThread(Callable<T> call, TestPublisher<Batch> publisher) {
        Future<T> result = consumer.submit(call);
        assertTrue(eventually(publisher::wasSubscribed));
        assertThrows(TimeoutException.class, () -> result.get(100, TimeUnit.MILLISECONDS));
        return result;
    }

    private static <T> T result(Future<T> future) throws ExecutionException, InterruptedException,
            TimeoutException {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes and releases batches until the iterator ends; a close between hasNext and next ends it too. */
    private static void takeUntilClosed(BatchIterator it) {
        while (it.hasNext()) {
            Batch batch;
            try {
                batch = it.next();
            } catch (NoSuchElementException closed) {
                return;
            }
            try (batch) {
                assertEquals(BATCH_BYTES, batch.bytes().remaining());
            }
        }
    }

    /** Batches of an endless segment source, made on {@code thread} from {@code buffers}. */
    private static Flux<Batch> endless(BufferPool buffers, Scheduler thread) {
        return Flux.range(0, Integer.MAX_VALUE)
                .map(i -> segment(i, T, C))
                .subscribeOn(thread)
                .transform(Batcher.of(B).pool(buffers));
    }

    /** {@code count} batches from {@link #pool}, made before the test subscribes to anything. */
    private List<Batch> batches(int count) {
        return Flux.fromIterable(segments(count * B, T, C)).transform(Batcher.of(B).pool(pool)).collectList()
                .block(TIMEOUT);
    }
}
