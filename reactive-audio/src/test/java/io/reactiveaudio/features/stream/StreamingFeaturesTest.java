package io.reactiveaudio.features.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.stage.NaiveSpectrogram;
import io.reactiveaudio.test.DemandProbe;
import io.reactiveaudio.test.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The operator gives the stream's frames in blocks, on parallel threads, on demand, one state per subscription. */
class StreamingFeaturesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final FeatureExtractor SPECTROGRAM = NaiveSpectrogram.of(StftSettings.of(16).withHopLength(4));

    /** A signal of {@code n} samples cut into random chunks of 1 to 50 samples. */
    private static List<float[]> chunks(float[] signal, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> chunks = new ArrayList<>();
        for (int at = 0; at < signal.length; ) {
            int size = Math.min(signal.length - at, random.nextInt(1, 51));
            chunks.add(Arrays.copyOfRange(signal, at, at + size));
            at += size;
        }
        return chunks;
    }

    @Test
    void blocksJoinedGiveTheOfflineFramesInEitherLayout() {
        float[] signal = Signals.noise(5, 16_000, 1, 1_003, 0.5);
        float[] offline = StreamingExtractorTest.offline(SPECTROGRAM, signal);
        Flux<float[]> chunks = Flux.fromIterable(chunks(signal, 9));

        for (FeatureLayout layout : FeatureLayout.values()) {
            List<FeatureFrames> blocks = chunks.transform(StreamingFeatures.of(SPECTROGRAM).layout(layout))
                    .collectList().block(TIMEOUT);

            float[] joined = new float[offline.length];
            long expectedFirst = 0;
            for (FeatureFrames block : blocks) {
                assertEquals(expectedFirst, block.firstFrame());
                for (int t = 0; t < block.frames(); t++) {
                    for (int k = 0; k < block.bins(); k++) {
                        joined[(int) (block.firstFrame() + t) * block.bins() + k] = block.get(k, t);
                    }
                }
                expectedFirst += block.frames();
            }
            assertEquals(SPECTROGRAM.frames(signal.length), expectedFirst);
            StreamingExtractorTest.assertClose(offline, joined, layout.toString());
        }
    }

    @Test
    void eachSubscriptionStreamsFromItsOwnStart() {
        Flux<FeatureFrames> frames = Flux.fromIterable(chunks(Signals.noise(2, 16_000, 1, 300, 0.5), 4))
                .transform(StreamingFeatures.of(SPECTROGRAM));

        List<FeatureFrames> first = frames.collectList().block(TIMEOUT);
        List<FeatureFrames> second = frames.collectList().block(TIMEOUT);

        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).firstFrame(), second.get(i).firstFrame());
            assertTrue(Arrays.equals(first.get(i).values(), second.get(i).values()), "block " + i);
        }
    }

    @Test
    void anEndlessStreamIsComputedOnParallelThreadsOnlyAsFarAsDemanded() {
        DemandProbe<float[]> probe = DemandProbe.range(Integer.MAX_VALUE, i -> Signals.noise(i, 16_000, 1, 40, 0.5));

        StepVerifier.create(probe.flux().transform(StreamingFeatures.of(SPECTROGRAM).prefetch(4))
                        .map(block -> Thread.currentThread().getName()), 0)
                .expectSubscription()
                .thenRequest(3)
                .expectNextMatches(name -> name.startsWith("parallel-"))
                .expectNextCount(2)
                .expectNoEvent(Duration.ofMillis(50))
                .thenCancel()
                .verify(TIMEOUT);

        probe.assertRequestedAtMost(4 + 3);
        assertTrue(probe.isCancelled());
    }

    @Test
    void settersReturnNewOperatorsAndCheckTheirArguments() {
        StreamingFeatures base = StreamingFeatures.of(SPECTROGRAM);

        assertEquals(3, base.prefetch(3).prefetch());
        assertEquals(StreamingFeatures.DEFAULT_PREFETCH, base.prefetch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.prefetch(0));
        assertEquals("prefetch must be at least 1: 0", e.getMessage());
        assertThrows(NullPointerException.class, () -> base.layout(null));
    }
}
