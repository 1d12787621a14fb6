package io.reactiveaudio.features.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import io.reactiveaudio.features.stage.NaiveSpectrogram;
import io.reactiveaudio.test.Signals;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream's frames equal the offline frames of the concatenated signal, for any chunking, every
 * centring and pad mode, hops shorter and longer than the frame, and streams of any length.
 */
class StreamingExtractorTest {

    static Stream<StftSettings> settings() {
        StftSettings base = StftSettings.of(16).withHopLength(4);
        return Stream.of(
                base,
                base.withCenter(true, PadMode.CONSTANT).withHopLength(5),
                base.withCenter(true, PadMode.EDGE).withHopLength(3),
                base.withCenter(false, PadMode.REFLECT),
                base.withHopLength(16),
                base.withHopLength(23),
                base.withHopLength(23).withCenter(false, PadMode.REFLECT),
                base.withWinLength(10).withWindow(WindowFunction.HAMMING, false).withNormalized(true),
                StftSettings.of(32).withHopLength(1));
    }

    /** Property: for many random signals and random chunkings (1 sample to several frames), the frames match. */
    @ParameterizedTest
    @MethodSource("settings")
    void framesEqualTheOfflineFramesWhateverTheChunking(StftSettings stft) {
        FeatureExtractor extractor = NaiveSpectrogram.of(stft);
        SplittableRandom random = new SplittableRandom(stft.hashCode());
        for (int trial = 0; trial < 40; trial++) {
            int n = trial < 20 ? random.nextInt(0, 40) : random.nextInt(40, 400);
            float[] signal = Signals.noise(trial, 16_000, 1, Math.max(n, 1), 0.5);
            signal = Arrays.copyOf(signal, n);
            int largest = trial % 3 == 0 ? 1 : trial % 3 == 1 ? 7 : 3 * stft.nFft();

            float[] streamed = stream(extractor, signal, random, largest);

            float[] offline = offline(extractor, signal);
            assertEquals(offline.length, streamed.length, stft + ", " + n + " samples, chunks up to " + largest);
            assertClose(offline, streamed, stft + ", " + n + " samples, chunks up to " + largest);
        }
    }

    /** A restart, mid-stream or after the finish, gives the frames a new stream would. */
    @ParameterizedTest
    @MethodSource("settings")
    void aRestartedStreamGivesTheFramesOfANewOne(StftSettings stft) {
        FeatureExtractor extractor = NaiveSpectrogram.of(stft);
        SplittableRandom random = new SplittableRandom(stft.hashCode() + 1L);
        StreamingExtractor stream = new StreamingExtractor(extractor);
        for (int trial = 0; trial < 20; trial++) {
            stream.restart();
            float[] before = Signals.noise(100 + trial, 16_000, 1, random.nextInt(1, 100), 0.5);
            stream.push(before, 0, before.length, new float[stream.framesAfter(before.length) * stream.bins()], 0);
            if (trial % 2 == 0) {
                stream.finish(new float[stream.framesAtFinish() * stream.bins()], 0);
            }
            stream.restart();
            float[] signal = Signals.noise(trial, 16_000, 1, random.nextInt(1, 300), 0.5);

            float[] streamed = stream(stream, signal, random, 2 * stft.nFft());

            float[] offline = offline(extractor, signal);
            assertEquals(offline.length, streamed.length, stft + ", trial " + trial);
            assertClose(offline, streamed, stft + ", trial " + trial);
        }
    }

    @Test
    void itHoldsFewerThanAFrameOfSamples() {
        FeatureExtractor extractor = NaiveSpectrogram.of(StftSettings.of(16).withHopLength(4));
        StreamingExtractor stream = new StreamingExtractor(extractor);
        SplittableRandom random = new SplittableRandom(3);
        float[] out = new float[1 << 12];
        for (int i = 0; i < 500; i++) {
            float[] chunk = Signals.noise(i, 16_000, 1, random.nextInt(1, 40), 0.5);
            stream.push(chunk, 0, chunk.length, out, 0);
            assertTrue(stream.buffered() < 16, "holds " + stream.buffered());
        }
    }

    @Test
    void anExtractorWhoseFramesDependOnTheWholeClipIsRefused() {
        FeatureExtractor clipWide = NaiveSpectrogram.of(StftSettings.of(16)).declaredClipWide();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamingExtractor(clipWide));
        assertTrue(e.getMessage().contains("not frame-local"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamingFeatures.of(clipWide));
    }

    @Test
    void anOutputTooSmallIsRefusedAndAFinishedStreamTakesNoMore() {
        StreamingExtractor stream = new StreamingExtractor(NaiveSpectrogram.of(StftSettings.of(16).withHopLength(4)));
        float[] chunk = new float[64];

        assertEquals(15, stream.framesAfter(chunk.length));
        assertThrows(IllegalArgumentException.class, () -> stream.push(chunk, 0, 64, new float[9 * 14], 0));
        assertEquals(15, stream.push(chunk, 0, 64, new float[9 * 15], 0));
        assertEquals(2, stream.finish(new float[9 * 2], 0));
        assertThrows(IllegalStateException.class, () -> stream.push(chunk, 0, 1, new float[9], 0));
    }

    @Test
    void anEmptyStreamGivesNoFrame() {
        StreamingExtractor stream = new StreamingExtractor(NaiveSpectrogram.of(StftSettings.of(16)));

        assertEquals(0, stream.push(new float[0], 0, 0, new float[0], 0));
        assertEquals(0, stream.finish(new float[0], 0));
        assertEquals(0, stream.frames());
    }

    /** The signal pushed in random chunks of 1 to {@code largest} samples, then finished. */
    static float[] stream(FeatureExtractor extractor, float[] signal, SplittableRandom random, int largest) {
        return stream(new StreamingExtractor(extractor), signal, random, largest);
    }

    /** The signal pushed to {@code stream} (new or restarted) in random chunks, then finished. */
    static float[] stream(StreamingExtractor stream, float[] signal, SplittableRandom random, int largest) {
        float[] out = new float[0];
        int frames = 0;
        for (int at = 0; at < signal.length; ) {
            int size = Math.min(signal.length - at, random.nextInt(1, largest + 1));
            int expected = stream.framesAfter(size);
            out = Arrays.copyOf(out, (frames + expected) * stream.bins());
            assertEquals(expected, stream.push(signal, at, size, out, frames * stream.bins()));
            frames += expected;
            at += size;
        }
        int last = stream.framesAtFinish();
        out = Arrays.copyOf(out, (frames + last) * stream.bins());
        assertEquals(last, stream.finish(out, frames * stream.bins()));
        assertEquals(frames + last, stream.frames());
        return out;
    }

    /** The offline frames of a whole signal, frame by frame; none for an empty signal. */
    static float[] offline(FeatureExtractor extractor, float[] signal) {
        if (signal.length == 0) {
            return new float[0];
        }
        float[] out = new float[extractor.bins() * extractor.frames(signal.length)];
        extractor.newWorker().compute(signal, 0, signal.length, out, 0, FeatureLayout.FRAMES_BINS);
        return out;
    }

    /** Equal to float rounding: within 1e-5 of the largest value. */
    static void assertClose(float[] expected, float[] actual, String what) {
        float max = 1e-12f;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * max, what + ": value " + i);
        }
    }
}
