package io.reactiveaudio.features.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.test.DemandProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

/**
 * Every audio batch and every feature buffer goes back to its pool, whichever way the stream ends,
 * and the operator asks for no more audio than it may compute ahead.
 */
class BatchFeaturesReleaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int B = 4;
    private static final int T = 96;

    private final BufferPool audioPool = new BufferPool(B * T * Float.BYTES, 6);
    private final BatchFeatures features = BatchFeatures.of(TestAudio.SPECTROGRAM);
    private final BufferPool featurePool = new BufferPool((int) features.bufferBytes(B, T, 1), 4);

    private Flux<FeatureBatch> endless(DemandProbe<Segment> probe) {
        return probe.flux().transform(Batcher.of(B).pool(audioPool)).transform(features.pool(featurePool));
    }

    @Test
    void takingFewerBatchesThanTheSourceHasReleasesEverything() {
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> TestAudio.segment(i, 0, T, 1));

        List<FeatureBatch> taken = endless(probe).take(3).doOnNext(FeatureBatch::release).collectList().block(TIMEOUT);

        assertEquals(3, taken.size());
        assertTrue(probe.isCancelled());
        assertTrue(eventually(() -> audioPool.inUse() == 0 && featurePool.inUse() == 0),
                audioPool + " " + featurePool);
    }

    @RepeatedTest(20)
    void cancellingWhileBatchesAreComputedReleasesThemAfterTheirParts() {
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> TestAudio.segment(i, 0, T, 1));
        TestSubscriber<FeatureBatch> consumer = TestSubscriber.<FeatureBatch>builder().initialRequest(1).build();

        endless(probe).doOnNext(FeatureBatch::release).subscribe(consumer);
        consumer.cancel();

        assertTrue(eventually(() -> audioPool.inUse() == 0 && featurePool.inUse() == 0),
                audioPool + " " + featurePool);
    }

    @Test
    void anUpstreamFailureReleasesTheBatchesInFlight() {
        IllegalStateException failure = new IllegalStateException("decoder gone");
        Flux<Segment> failing = Flux.range(0, 3 * B).map(i -> TestAudio.segment(i, 0, T, 1))
                .concatWith(Flux.error(failure));

        StepVerifier.create(failing.transform(Batcher.of(B).pool(audioPool)).transform(features.pool(featurePool))
                        .doOnNext(FeatureBatch::release))
                .thenConsumeWhile(batch -> true)
                .expectErrorMatches(e -> e == failure)
                .verify(TIMEOUT);

        assertTrue(eventually(() -> audioPool.inUse() == 0 && featurePool.inUse() == 0));
    }

    @Test
    void aConsumerThatKeepsMoreBatchesThanThePoolGetsAnErrorNotAHang() {
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> TestAudio.segment(i, 0, T, 1));

        StepVerifier.create(endless(probe))
                .expectNextCount(featurePool.maxBuffers())
                .expectErrorMatches(e -> e.getMessage().contains("buffer pool exhausted"))
                .verify(TIMEOUT);
    }

    @Test
    void itAsksForTheAudioOfTheBatchesRequestedAndItsPrefetchOnly() {
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> TestAudio.segment(i, 0, T, 1));

        StepVerifier.create(endless(probe).doOnNext(FeatureBatch::release), 0)
                .expectSubscription()
                .thenRequest(1)
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(100))
                .thenCancel()
                .verify(TIMEOUT);

        probe.assertRequestedAtMost((long) (1 + features.prefetch() + 1) * B);
    }

    /** Waits up to 5 s for {@code condition}: parts may finish on other threads after a cancel. */
    static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }
}
