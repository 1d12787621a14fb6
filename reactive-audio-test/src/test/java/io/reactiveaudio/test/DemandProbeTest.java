package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class DemandProbeTest {

    @Nested
    class FromItems {

        @Test
        void emitsOnlyWhatIsRequestedAndRecordsEachRequest() {
            DemandProbe<String> probe = DemandProbe.of(List.of("a", "b", "c", "d"));

            StepVerifier.create(probe.flux(), 0)
                    .expectSubscription()
                    .then(() -> assertEquals(0, probe.emitted()))
                    .thenRequest(2)
                    .expectNext("a", "b")
                    .thenRequest(1)
                    .expectNext("c")
                    .thenCancel()
                    .verify();

            assertAll(
                    () -> assertEquals(List.of(2L, 1L), probe.requests()),
                    () -> assertEquals(3, probe.requested()),
                    () -> assertEquals(3, probe.emitted()),
                    () -> assertEquals(1, probe.subscriptions()),
                    () -> assertTrue(probe.isCancelled()));
        }

        @Test
        void rangeMakesEachItemWithTheMapperAndReplaysToEverySubscriber() {
            DemandProbe<Integer> probe = DemandProbe.range(3, i -> i * 10);

            StepVerifier.create(probe.flux()).expectNext(0, 10, 20).verifyComplete();
            StepVerifier.create(probe.flux()).expectNext(0, 10, 20).verifyComplete();

            assertAll(
                    () -> assertEquals(2, probe.subscriptions()),
                    () -> assertEquals(6, probe.emitted()),
                    () -> assertEquals(List.of(Long.MAX_VALUE, Long.MAX_VALUE), probe.requests()),
                    () -> assertEquals(Long.MAX_VALUE, probe.requested(), "saturates instead of overflowing"),
                    () -> assertFalse(probe.isCancelled()));
        }

        @Test
        void recordsTheThreadEachRequestArrivedOn() {
            DemandProbe<Integer> probe = DemandProbe.range(10, i -> i);

            StepVerifier.create(probe.flux().subscribeOn(Schedulers.parallel()), 0)
                    .thenRequest(1)
                    .expectNext(0)
                    .thenRequest(2)
                    .expectNext(1, 2)
                    .thenCancel()
                    .verify();

            assertEquals(List.of(1L, 2L), probe.requests());
            assertEquals(2, probe.requestThreads().size());
            probe.requestThreads().forEach(t -> assertTrue(t.getName().startsWith("parallel-"), t.getName()));
        }

        @Test
        void recordsInvalidRequestsWithoutAddingThemToTheTotal() {
            DemandProbe<Integer> probe = DemandProbe.range(10, i -> i);

            probe.flux().subscribe(new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    subscription.request(0);
                }
            });

            assertEquals(List.of(0L), probe.requests());
            assertEquals(0, probe.requested());
        }

        @Test
        void rejectsSignalsFromTheTest() {
            DemandProbe<Integer> probe = DemandProbe.range(1, i -> i);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> probe.emit(1));

            assertEquals("only a DemandProbe.manual() probe accepts signals from the test", e.getMessage());
        }
    }

    @Nested
    class ProvingBoundedPrefetch {

        @Test
        void limitRatePullsItsPrefetchUpFrontAndThenReplenishesAsTheConsumerDrains() {
            DemandProbe<Integer> probe = DemandProbe.range(1_000, i -> i);

            StepVerifier.create(probe.flux().limitRate(16), 0)
                    .expectSubscription()
                    .then(() -> assertEquals(List.of(16L), probe.requests()))
                    .thenRequest(12)
                    .expectNextCount(12)
                    .then(() -> {
                        assertEquals(List.of(16L, 12L), probe.requests());
                        probe.assertRequestedAtMost(12 + 16);
                        probe.assertEmittedAtMost(12 + 16);
                    })
                    .thenCancel()
                    .verify();
        }

        @Test
        void catchesAnOperatorThatRequestsUnboundedDemand() {
            DemandProbe<Integer> probe = DemandProbe.range(1_000, i -> i);

            StepVerifier.create(probe.flux().onBackpressureBuffer(), 0)
                    .thenRequest(12)
                    .expectNextCount(12)
                    .thenCancel()
                    .verify();

            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> probe.assertRequestedAtMost(28));
            assertTrue(e.getMessage().startsWith("requested unbounded (Long.MAX_VALUE) in total, more than the 28 "
                    + "allowed; request calls [unbounded (Long.MAX_VALUE) on "), e.getMessage());
            assertEquals(28L, e.getExpected().getValue());
        }

        @Test
        void fluxRefusesQueueFusionSoEveryPullIsARequest() {
            StepVerifier.create(DemandProbe.of(List.of(1)).flux()).expectNoFusionSupport().expectNext(1).verifyComplete();
            StepVerifier.create(DemandProbe.range(1, i -> i).flux()).expectNoFusionSupport().expectNext(0).verifyComplete();
            StepVerifier.create(DemandProbe.manual().flux()).expectNoFusionSupport().thenCancel().verify();
        }

        @Test
        void assertEmittedAtMostFailsAboveTheBoundWithTheRecordedDemand() {
            DemandProbe<String> probe = DemandProbe.of(List.of("a", "b", "c"));
            StepVerifier.create(probe.flux()).expectNextCount(3).verifyComplete();

            assertDoesNotThrow(() -> probe.assertEmittedAtMost(3));
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> probe.assertEmittedAtMost(2));
            assertEquals("emitted 3 items, more than the 2 allowed; DemandProbe{subscriptions=1, "
                    + "requests=[9223372036854775807], requested=unbounded (Long.MAX_VALUE), emitted=3, cancelled=false}",
                    e.getMessage());
        }
    }

    @Nested
    class Manual {

        private final DemandProbe<String> probe = DemandProbe.manual();

        @Test
        void emitsWhatTheTestSendsWithinTheSubscribersDemand() {
            StepVerifier.create(probe.flux(), 0)
                    .thenRequest(2)
                    .then(() -> probe.emit("a"))
                    .then(() -> probe.emit("b"))
                    .expectNext("a", "b")
                    .then(probe::complete)
                    .verifyComplete();

            assertEquals(List.of(2L), probe.requests());
            assertEquals(2, probe.emitted());
        }

        @Test
        void refusesToEmitBeyondDemandInsteadOfOverflowing() {
            StepVerifier.create(probe.flux(), 0)
                    .thenRequest(1)
                    .then(() -> probe.emit("a"))
                    .expectNext("a")
                    .then(() -> {
                        IllegalStateException e = assertThrows(IllegalStateException.class, () -> probe.emit("b"));
                        assertTrue(e.getMessage().startsWith("emit(b) failed: there is no outstanding demand; "
                                + "DemandProbe{subscriptions=1, requests=[1], requested=1, emitted=1"), e.getMessage());
                    })
                    .thenCancel()
                    .verify();

            assertEquals(1, probe.emitted());
        }

        @Test
        void refusesToEmitBeforeSubscriptionAndAfterCancellation() {
            IllegalStateException early = assertThrows(IllegalStateException.class, () -> probe.emit("a"));
            assertTrue(early.getMessage().contains("nothing has subscribed"), early.getMessage());

            StepVerifier.create(probe.flux()).thenCancel().verify();

            IllegalStateException late = assertThrows(IllegalStateException.class, () -> probe.emit("a"));
            assertTrue(late.getMessage().contains("the subscriber has cancelled"), late.getMessage());
            assertTrue(probe.isCancelled());
        }

        @Test
        void errorReachesTheSubscriberWithoutDemand() {
            StepVerifier.create(probe.flux(), 0)
                    .then(() -> probe.error(new IOException("disk gone")))
                    .verifyErrorMessage("disk gone");

            IllegalStateException e = assertThrows(IllegalStateException.class, probe::complete);
            assertTrue(e.getMessage().contains("already completed or failed"), e.getMessage());
        }

        @Test
        void acceptsASingleSubscriberAndCountsTheRejectedOne() {
            probe.flux().subscribe(new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                }
            });

            StepVerifier.create(probe.flux())
                    .expectErrorMessage("Unicast Sinks.Many allows only a single Subscriber")
                    .verify();

            assertEquals(2, probe.subscriptions());
        }

        @Test
        void countsUnboundedDemandWithoutOverflowing() {
            probe.flux().subscribe(new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    subscription.request(Long.MAX_VALUE - 1);
                    subscription.request(5);
                }
            });

            assertEquals(List.of(Long.MAX_VALUE - 1, 5L), probe.requests());
            assertEquals(Long.MAX_VALUE, probe.requested());
        }
    }
}
