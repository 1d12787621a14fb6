package io.reactiveaudio.features.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.test.DemandProbe;
import io.reactiveaudio.test.Signals;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Clips' features are the extractor's, in input order, computed on parallel threads on demand. */
class ClipFeaturesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static float[] clip(int i) {
        return Signals.noise(i, TestAudio.RATE, 1, 40 + 37 * (i % 5), 0.5);
    }

    @Test
    void eachClipGetsItsFeaturesInInputOrder() {
        List<float[]> clips = IntStream.range(0, 20).mapToObj(ClipFeaturesTest::clip).toList();

        List<FeatureMatrix> results = Flux.fromIterable(clips)
                .transform(ClipFeatures.of(TestAudio.SPECTROGRAM).layout(FeatureLayout.FRAMES_BINS))
                .collectList().block(TIMEOUT);

        assertEquals(clips.size(), results.size());
        for (int i = 0; i < clips.size(); i++) {
            FeatureMatrix m = results.get(i);
            assertEquals(TestAudio.SPECTROGRAM.frames(clips.get(i).length), m.frames());
            assertArrayEquals(new int[] {m.frames(), 17}, m.shape());
            assertArrayEquals(TestAudio.offline(TestAudio.SPECTROGRAM, clips.get(i), FeatureLayout.FRAMES_BINS),
                    m.values(), "clip " + i);
        }
    }

    @Test
    void theWorkRunsOnParallelThreads() {
        StepVerifier.create(Flux.range(0, 4).map(ClipFeaturesTest::clip)
                        .transform(ClipFeatures.of(TestAudio.SPECTROGRAM))
                        .map(m -> Thread.currentThread().getName()))
                .thenConsumeWhile(name -> name.startsWith("parallel-"))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void itRequestsOnlyTheClipsItMayComputeAhead() {
        DemandProbe<float[]> probe = DemandProbe.range(Integer.MAX_VALUE, ClipFeaturesTest::clip);

        StepVerifier.create(probe.flux().transform(ClipFeatures.of(TestAudio.SPECTROGRAM).concurrency(3)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(2)
                .expectNextCount(2)
                .thenCancel()
                .verify(TIMEOUT);

        probe.assertRequestedAtMost(3 + 2);
        assertTrue(probe.isCancelled());
    }

    @Test
    void settersReturnNewOperatorsAndCheckTheirArguments() {
        ClipFeatures base = ClipFeatures.of(TestAudio.SPECTROGRAM);

        assertEquals(3, base.concurrency(3).concurrency());
        assertEquals(Schedulers.DEFAULT_POOL_SIZE, base.concurrency());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.concurrency(0));
        assertEquals("concurrency must be at least 1: 0", e.getMessage());
        assertThrows(NullPointerException.class, () -> base.layout(null));
        assertThrows(NullPointerException.class, () -> ClipFeatures.of(null));
    }
}
