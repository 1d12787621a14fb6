package io.reactiveaudio.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.test.DemandProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** How much the shuffle window pulls from upstream, and what it does with items it holds when the stream ends early. */
class ShuffleWindowDemandTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Queue<Object> discarded = new ConcurrentLinkedQueue<>();

    @Test
    void requestsNothingBeforeDemandAndExactlyTheWindowPlusTheDemandAfterIt() {
        DemandProbe<Integer> probe = DemandProbe.range(10_000, i -> i);

        StepVerifier.create(probe.flux().transform(ShuffleWindow.of(16)), 0)
                .expectSubscription()
                .then(() -> assertEquals(0, probe.requested(), probe.toString()))
                .thenRequest(5)
                .expectNextCount(5)
                .then(() -> assertEquals(16 + 5, probe.requested(), probe.toString()))
                .thenRequest(20)
                .expectNextCount(20)
                .then(() -> assertEquals(16 + 25, probe.requested(), probe.toString()))
                .thenCancel()
                .verify(TIMEOUT);
        assertTrue(probe.isCancelled());
    }

    @Test
    void aGrowingWindowNeverRequestsMoreThanTheWindowPlusTheDemand() {
        DemandProbe<Integer> probe = DemandProbe.range(10_000, i -> i);
        StepVerifier.FirstStep<Integer> steps = StepVerifier.create(
                probe.flux().transform(ShuffleWindow.of(64).initialFill(4)), 0);

        StepVerifier.Step<Integer> step = steps.expectSubscription();
        for (int n = 1; n <= 100; n++) {
            long demand = n;
            step = step.thenRequest(1).expectNextCount(1).then(() -> probe.assertRequestedAtMost(64 + demand));
        }
        step.thenCancel().verify(TIMEOUT);
    }

    @Test
    void anEndlessUpstreamIsPulledOnlyAsFarAsTheConsumerNeeds() {
        DemandProbe<Integer> probe = DemandProbe.range(Integer.MAX_VALUE, i -> i);

        List<Integer> first = probe.flux().transform(ShuffleWindow.of(100)).take(1_000).collectList().block(TIMEOUT);

        assertEquals(1_000, first.size());
        probe.assertRequestedAtMost(100 + 1_000);
        assertTrue(probe.isCancelled());
    }

    @Test
    void cancellingDiscardsTheResidentItems() {
        List<Integer> out = Flux.range(0, 1_000)
                .transform(ShuffleWindow.of(10))
                .take(5)
                .doOnDiscard(Object.class, discarded::add)
                .collectList().block(TIMEOUT);

        assertEquals(10, discarded.size(), "the full window");
        assertEveryItemOnceEitherEmittedOrDiscarded(15, out);
    }

    @Test
    void cancellingWhileTheWindowFillsDiscardsWhatHasArrived() {
        DemandProbe<Integer> probe = DemandProbe.manual();

        StepVerifier.create(probe.flux().transform(ShuffleWindow.of(10)).doOnDiscard(Object.class, discarded::add), 1)
                .then(() -> IntStream.range(0, 6).forEach(probe::emit))
                .thenCancel()
                .verify(TIMEOUT);

        assertEquals(List.of(0, 1, 2, 3, 4, 5), discarded.stream().sorted().toList());
    }

    @Test
    void cancellingWhileTheWindowDrainsDiscardsTheItemsNotYetEmitted() {
        List<Integer> out = new ArrayList<>();
        StepVerifier.create(Flux.range(0, 6).transform(ShuffleWindow.of(10)).doOnNext(out::add)
                        .doOnDiscard(Object.class, discarded::add), 2)
                .expectNextCount(2)
                .thenCancel()
                .verify(TIMEOUT);

        assertEquals(4, discarded.size());
        assertEveryItemOnceEitherEmittedOrDiscarded(6, out);
    }

    @Test
    void anUpstreamErrorFollowsTheItemsEmittedBeforeItAndTheResidentItemsAreDiscardedFirst() {
        DemandProbe<Integer> probe = DemandProbe.manual();
        IllegalStateException failure = new IllegalStateException("upstream failed");
        List<Integer> out = new ArrayList<>();

        StepVerifier.create(probe.flux().transform(ShuffleWindow.of(8)).doOnNext(out::add)
                        .doOnDiscard(Object.class, discarded::add), 4)
                .then(() -> IntStream.range(0, 12).forEach(probe::emit))
                .expectNextCount(4)
                .then(() -> probe.error(failure))
                .expectErrorSatisfies(e -> {
                    assertEquals(failure, e);
                    assertEquals(8, discarded.size(), "discarded before the error reaches downstream");
                })
                .verify(TIMEOUT);

        assertEveryItemOnceEitherEmittedOrDiscarded(12, out);
    }

    @Test
    void anItemArrivingAfterCancellationIsDiscarded() {
        TestPublisher<Integer> upstream = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);

        StepVerifier.create(upstream.flux().transform(ShuffleWindow.of(4)).doOnDiscard(Object.class, discarded::add), 1)
                .then(() -> upstream.next(0, 1, 2))
                .thenCancel()
                .verify(TIMEOUT);
        upstream.next(3);

        assertEquals(List.of(0, 1, 2, 3), List.copyOf(discarded));
    }

    /**
     * Cancelling from the test thread while items arrive on a worker: every item that reached the
     * window is delivered or discarded, never both and never twice. (No queueing operator upstream,
     * so every discard comes from the window.) The arrivals are counted once the worker has finished
     * its last task, so an arrival still in flight when the cancel came is counted with its fate.
     */
    @RepeatedTest(20)
    void aCancelRacingWithArrivalsLosesAndDuplicatesNothing() {
        AtomicInteger arrived = new AtomicInteger();
        Queue<Integer> delivered = new ConcurrentLinkedQueue<>();
        BaseSubscriber<Integer> consumer = new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(Integer item) {
                delivered.add(item);
            }
        };
        Scheduler worker = Schedulers.newSingle("arrivals");

        Flux.range(0, 1_000_000)
                .subscribeOn(worker)
                .doOnNext(i -> arrived.incrementAndGet())
                .transform(ShuffleWindow.of(64))
                .doOnDiscard(Object.class, discarded::add)
                .subscribe(consumer);
        waitUntil(() -> delivered.size() >= 200);
        consumer.dispose();
        worker.disposeGracefully().block(TIMEOUT);
        int arrivals = arrived.get();

        List<Object> all = Stream.concat(delivered.stream(), discarded.stream()).toList();
        assertEquals(all.size(), all.stream().distinct().count(), "no item both delivered and discarded, or twice");
        assertEquals(arrivals, all.size(), "delivered " + delivered.size() + " + discarded " + discarded.size());
    }

    private void assertEveryItemOnceEitherEmittedOrDiscarded(int count, List<Integer> emitted) {
        List<Integer> all = new ArrayList<>(emitted);
        discarded.forEach(item -> all.add((Integer) item));
        assertEquals(IntStream.range(0, count).boxed().toList(), all.stream().sorted().toList());
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
