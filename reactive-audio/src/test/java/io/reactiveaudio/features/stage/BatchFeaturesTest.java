package io.reactiveaudio.features.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.features.FeatureLayout;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

/**
 * A feature batch holds, item by item and channel by channel, the extractor's features of the
 * item's own samples, in the requested layout, with the audio batch's bookkeeping.
 */
class BatchFeaturesTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int B = 5;

    @ParameterizedTest
    @CsvSource({"BTC, BINS_FRAMES, 1", "BTC, FRAMES_BINS, 2", "BCT, BINS_FRAMES, 2", "BCT, FRAMES_BINS, 1",
        "BTC, BINS_FRAMES, 3"})
    void everyItemHoldsTheFeaturesOfEachOfItsChannels(Layout audioLayout, FeatureLayout layout, int channels) {
        List<Segment> segments = IntStream.range(0, 3 * B).mapToObj(i -> TestAudio.segment(i, 0, 120, channels))
                .toList();

        List<Snapshot> batches = run(Flux.fromIterable(segments).transform(Batcher.of(B).layout(audioLayout)),
                BatchFeatures.of(TestAudio.SPECTROGRAM).layout(layout));

        assertEquals(3, batches.size());
        int frames = TestAudio.SPECTROGRAM.frames(120);
        for (int n = 0; n < 3; n++) {
            Snapshot batch = batches.get(n);
            int[] matrix = layout.shape(17, frames);
            assertArrayEquals(channels == 1 ? new int[] {B, matrix[0], matrix[1]}
                    : new int[] {B, channels, matrix[0], matrix[1]}, batch.shape);
            for (int b = 0; b < B; b++) {
                Segment segment = segments.get(n * B + b);
                assertEquals(segment.source().index(), batch.sourceIndices[b]);
                assertEquals(segment.source().labelIndex(), batch.labels[b]);
                assertEquals(frames, batch.frameLengths[b]);
                for (int c = 0; c < channels; c++) {
                    float[] own = TestAudio.offline(TestAudio.SPECTROGRAM,
                            TestAudio.channel(segment.samples(), channels, c, 120), layout);
                    assertArrayEquals(own, batch.matrix((b * channels + c) * own.length, own.length),
                            "batch " + n + " item " + b + " channel " + c);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"BINS_FRAMES", "FRAMES_BINS"})
    void paddedItemsGetTheFeaturesOfTheirOwnSamplesThenZeroFrames(FeatureLayout layout) {
        int[] lengths = {100, 37, 161, 9, 64, 150, 1, 120, 99, 48};
        List<Segment> clips = IntStream.range(0, lengths.length)
                .mapToObj(i -> TestAudio.segment(i, 0, lengths[i], 1)).toList();

        List<Snapshot> batches = run(Flux.fromIterable(clips).transform(Batcher.of(B).padToLongest(200)),
                BatchFeatures.of(TestAudio.SPECTROGRAM).layout(layout).maxFrames(200));

        for (int n = 0; n < 2; n++) {
            Snapshot batch = batches.get(n);
            int longest = IntStream.of(lengths).skip(n * B).limit(B).max().orElseThrow();
            int frames = TestAudio.SPECTROGRAM.frames(longest);
            assertEquals(frames, batch.shape[layout == FeatureLayout.BINS_FRAMES ? 2 : 1]);
            for (int b = 0; b < B; b++) {
                Segment clip = clips.get(n * B + b);
                int own = TestAudio.SPECTROGRAM.frames(clip.frames());
                assertEquals(own, batch.frameLengths[b]);
                assertEquals(clip.frames(), batch.lengths[b]);
                float[] expected = TestAudio.offline(TestAudio.SPECTROGRAM, clip.samples(), layout);
                float[] item = batch.matrix(b * 17 * frames, 17 * frames);
                for (int k = 0; k < 17; k++) {
                    for (int t = 0; t < frames; t++) {
                        float want = t < own ? expected[layout.index(k, t, 17, own)] : 0f;
                        assertEquals(want, item[layout.index(k, t, 17, frames)], "item " + b + " bin " + k + " frame " + t);
                    }
                    for (int t = 0; t < frames; t++) {
                        assertEquals(t < own ? 1 : 0, batch.frameMask[b * frames + t]);
                    }
                }
            }
        }
    }

    @Test
    void theResultIsTheSameWhateverThePrefetch() {
        List<Segment> segments = IntStream.range(0, 6 * B).mapToObj(i -> TestAudio.segment(i, 1, 90, 2)).toList();
        Flux<Batch> audio = Flux.fromIterable(segments).transform(Batcher.of(B));

        List<Snapshot> one = run(audio, BatchFeatures.of(TestAudio.SPECTROGRAM).prefetch(1));
        List<Snapshot> three = run(audio, BatchFeatures.of(TestAudio.SPECTROGRAM).prefetch(3));

        assertEquals(one, three);
    }

    @Test
    void aBatchLongerThanThePoolWasSizedForFailsNamingTheBound() {
        List<Segment> clips = List.of(TestAudio.segment(0, 0, 50, 1), TestAudio.segment(1, 0, 150, 1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(Flux.fromIterable(clips).transform(Batcher.of(1).padToLongest(200)),
                        BatchFeatures.of(TestAudio.SPECTROGRAM)));
        assertTrue(e.getMessage().contains("maxFrames"), e.getMessage());
    }

    @Test
    void aFeatureBatchIsReleasedOnceAfterWhichOnlyItsPerItemArraysMayBeRead() {
        List<Segment> segments = IntStream.range(0, B).mapToObj(i -> TestAudio.segment(i, 0, 120, 2)).toList();
        BufferPool pool = new BufferPool(B * 2 * 17 * TestAudio.SPECTROGRAM.frames(120) * Float.BYTES, 1);

        FeatureBatch batch = Flux.fromIterable(segments).transform(Batcher.of(B).epoch(3))
                .transform(BatchFeatures.of(TestAudio.SPECTROGRAM).pool(pool)).blockFirst(TIMEOUT);

        assertEquals(B * 2 * 17 * TestAudio.SPECTROGRAM.frames(120) * Float.BYTES, batch.byteSize());
        assertEquals(batch.byteSize(), batch.bytes().remaining());
        assertEquals(3, batch.epoch());
        assertEquals(1, pool.inUse());
        assertTrue(batch.release());
        assertFalse(batch.release());
        assertTrue(batch.isReleased());
        assertEquals(0, pool.inUse());
        assertThrows(IllegalStateException.class, batch::features);
        assertThrows(IllegalStateException.class, batch::bytes);
        assertEquals(segments.get(1).source().index(), batch.sourceIndices()[1]);
        assertTrue(batch.toString().startsWith("FeatureBatch[" + B + ", 2, 17, "), batch.toString());
        assertTrue(batch.toString().endsWith(", released"), batch.toString());
    }

    @Test
    void settersReturnNewOperatorsAndCheckTheirArguments() {
        BatchFeatures base = BatchFeatures.of(TestAudio.SPECTROGRAM);
        BatchFeatures changed = base.prefetch(3).poolSize(7);

        assertEquals(BatchFeatures.DEFAULT_PREFETCH, base.prefetch());
        assertEquals(BatchFeatures.DEFAULT_POOL_SIZE, base.poolSize());
        assertEquals(3, changed.prefetch());
        assertEquals(7, changed.poolSize());
        assertEquals(2, base.pool(new BufferPool(16, 2)).poolSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.prefetch(0));
        assertEquals("prefetch must be at least 1: 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.maxFrames(-5));
        assertThrows(NullPointerException.class, () -> base.layout(null));
        assertThrows(NullPointerException.class, () -> base.augment(null));
    }

    /** Runs the operator and copies out each feature batch before releasing it. */
    static List<Snapshot> run(Flux<Batch> audio, BatchFeatures features) {
        return audio.transform(features).map(batch -> {
            try (batch) {
                return new Snapshot(batch);
            }
        }).collectList().block(TIMEOUT);
    }

    /** A feature batch's contents, kept after release; equal when every field and value is. */
    record Snapshot(int[] shape, float[] values, int[] labels, int[] lengths, int[] frameLengths, byte[] frameMask,
                    long[] sourceIndices, long[] ordinals) {

        Snapshot(FeatureBatch batch) {
            this(batch.shape(), floats(batch.features()), batch.labels(), batch.lengths(), batch.frameLengths(),
                    batch.frameMask(), batch.sourceIndices(), batch.ordinals());
        }

        float[] matrix(int from, int count) {
            float[] out = new float[count];
            System.arraycopy(values, from, out, 0, count);
            return out;
        }

        private static float[] floats(FloatBuffer buffer) {
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && Arrays.equals(shape, s.shape)
                    && Arrays.equals(values, s.values) && Arrays.equals(labels, s.labels)
                    && Arrays.equals(lengths, s.lengths)
                    && Arrays.equals(frameLengths, s.frameLengths)
                    && Arrays.equals(sourceIndices, s.sourceIndices)
                    && Arrays.equals(ordinals, s.ordinals);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
