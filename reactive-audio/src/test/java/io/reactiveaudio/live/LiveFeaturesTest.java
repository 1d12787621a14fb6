package io.reactiveaudio.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.stage.NaiveSpectrogram;
import io.reactiveaudio.test.Signals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class LiveFeaturesTest {

    private static final NaiveSpectrogram SPECTROGRAM = NaiveSpectrogram.of(StftSettings.of(64).withHopLength(16));
    private static final LiveFormat STEREO = new LiveFormat(16_000, 2);

    private static float[] offline(float[] mono) {
        float[] out = new float[SPECTROGRAM.bins() * SPECTROGRAM.frames(mono.length)];
        SPECTROGRAM.newWorker().compute(mono, 0, mono.length, out, 0, FeatureLayout.FRAMES_BINS);
        return out;
    }

    private static float[] mono(float[] stereo) {
        return new LiveChunk(stereo, stereo.length / 2, 0, 0, STEREO).mono();
    }

    private static List<LiveChunk> chunks(float[] stereo, long start, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LiveChunk> chunks = new ArrayList<>();
        int frames = stereo.length / 2;
        for (int at = 0; at < frames; ) {
            int n = Math.min(frames - at, 1 + random.nextInt(300));
            chunks.add(new LiveChunk(Arrays.copyOfRange(stereo, 2 * at, 2 * (at + n)), n, start + at, at, STEREO));
            at += n;
        }
        return chunks;
    }

    /** The blocks of one feature stream concatenated, checking that their frame indices follow each other. */
    private static float[] concat(List<LiveFeatureBlock> blocks) {
        float[] all = new float[0];
        long next = 0;
        for (LiveFeatureBlock b : blocks) {
            assertEquals(next, b.frames().firstFrame());
            int n = b.frames().frames() * b.frames().bins();
            all = Arrays.copyOf(all, all.length + n);
            System.arraycopy(b.frames().values(), 0, all, all.length - n, n);
            next += b.frames().frames();
        }
        return all;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f * Math.max(1, Math.abs(expected[i])), "value " + i);
        }
    }

    @Test
    void featuresEqualTheOfflineFeaturesOfTheMonoMixWhateverTheChunks() {
        float[] stereo = Signals.noise(1, 16_000, 2, 5_000, 0.5);
        float[] expected = offline(mono(stereo));

        for (long seed = 0; seed < 5; seed++) {
            List<LiveFeatureBlock> blocks = Flux.fromIterable(chunks(stereo, 0, seed))
                    .transform(LiveFeatures.of(SPECTROGRAM)).collectList().block();

            assertClose(expected, concat(blocks));
        }
    }

    @Test
    void aGapEndsOneFeatureStreamAndStartsTheNext() {
        float[] first = Signals.noise(2, 16_000, 2, 2_000, 0.5);
        float[] second = Signals.noise(3, 16_000, 2, 1_500, 0.5);
        List<LiveChunk> chunks = new ArrayList<>(chunks(first, 0, 1));
        chunks.addAll(chunks(second, 10_000, 2));

        List<LiveFeatureBlock> blocks = Flux.fromIterable(chunks)
                .transform(LiveFeatures.of(SPECTROGRAM)).collectList().block();

        List<LiveFeatureBlock> before = blocks.stream().filter(b -> b.streamStart() == 0).toList();
        List<LiveFeatureBlock> after = blocks.stream().filter(b -> b.streamStart() == 10_000).toList();
        assertEquals(blocks.size(), before.size() + after.size());
        assertClose(offline(mono(first)), concat(before));
        assertClose(offline(mono(second)), concat(after));
    }

    @Test
    void refusesFeaturesThatNeedTheWholeClip() {
        assertThrows(IllegalArgumentException.class, () -> LiveFeatures.of(SPECTROGRAM.declaredClipWide()));
    }
}
