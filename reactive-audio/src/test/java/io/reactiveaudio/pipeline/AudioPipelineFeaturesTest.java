package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.features.stage.NaiveSpectrogram;
import io.reactiveaudio.framing.WholeClip;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's feature batches are the features of its audio batches, resume from their
 * checkpoints exactly, follow shards, and count in the memory estimate.
 */
class AudioPipelineFeaturesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int F = 480;
    private static final FeatureExtractor SPECTROGRAM = NaiveSpectrogram.of(StftSettings.of(64).withHopLength(32));

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 10, 400, 611);
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(F).shuffle(12)
                .initialFill(4).lanes(3).batch(3).seed(7).epochs(2).features(SPECTROGRAM);
    }

    @Test
    void featureBatchesHoldTheFeaturesOfTheAudioBatchesChannelByChannel() {
        List<float[]> audio = new ArrayList<>();
        pipeline().layout(Layout.BCT).flux().doOnNext(batch -> {
            try (batch) {
                audio.add(floats(batch.audio()));
            }
        }).blockLast(TIMEOUT);
        List<Snapshot> features = run(pipeline().featureLayout(FeatureLayout.FRAMES_BINS));

        assertEquals(audio.size(), features.size());
        int frames = SPECTROGRAM.frames(F);
        int matrix = SPECTROGRAM.bins() * frames;
        for (int n = 0; n < audio.size(); n += 5) {
            assertArrayEquals(new int[] {3, 2, frames, SPECTROGRAM.bins()}, features.get(n).shape());
            for (int row = 0; row < 3 * 2; row++) {
                float[] channel = Arrays.copyOfRange(audio.get(n), row * F, (row + 1) * F);
                float[] expected = new float[matrix];
                SPECTROGRAM.newWorker().compute(channel, 0, F, expected, 0, FeatureLayout.FRAMES_BINS);
                assertArrayEquals(expected, Arrays.copyOfRange(features.get(n).values(), row * matrix,
                        (row + 1) * matrix), "batch " + n + " row " + row);
            }
        }
    }

    @Test
    void resumingFromAFeatureBatchsCheckpointGivesTheFeatureBatchesThatFollowed() {
        AudioPipeline pipeline = pipeline();
        List<Snapshot> whole = run(pipeline);
        assertTrue(whole.size() > 10, "batches: " + whole.size());

        for (int k : new int[] {0, 3, whole.size() / 2, whole.size() - 2}) {
            Checkpoint checkpoint = Checkpoint.fromBytes(whole.get(k).checkpoint().toBytes());
            assertEquals(whole.subList(k + 1, whole.size()), run(pipeline.resumeFrom(checkpoint)), "after batch " + k);
        }
    }

    @Test
    void paddedWholeClipsGiveTheirOwnFrameCountsAndShardsResumeToo() {
        AudioPipeline pipeline = pipeline().framing(WholeClip.of(4_000)).shard(1, 2).dropLast(false);
        List<Snapshot> whole = run(pipeline);

        for (Snapshot batch : whole) {
            for (int b = 0; b < batch.lengths().length; b++) {
                assertEquals(SPECTROGRAM.frames(batch.lengths()[b]), batch.frameLengths()[b]);
            }
        }
        assertEquals(whole.subList(2, whole.size()), run(pipeline.resumeFrom(whole.get(1).checkpoint())));
    }

    @Test
    void theFeatureBatchesOfAShardMarkTheSamePaddingAsItsAudioBatches() {
        AudioPipeline rank = pipeline().shard(2, 5).epochs(2);
        List<Integer> audio = new ArrayList<>();
        rank.flux().doOnNext(batch -> {
            try (batch) {
                audio.add(batch.padding());
            }
        }).blockLast(TIMEOUT);
        List<Integer> features = new ArrayList<>();
        rank.featureFlux().doOnNext(batch -> {
            try (batch) {
                features.add(batch.padding());
            }
        }).blockLast(TIMEOUT);

        assertEquals(audio, features);
        assertTrue(audio.stream().anyMatch(n -> n > 0), "the rank pads: " + audio);
    }

    @Test
    void theMemoryEstimateCountsTheFeatureBuffers() {
        MemoryEstimate estimate = pipeline().memoryEstimate();
        long matrix = (long) SPECTROGRAM.bins() * SPECTROGRAM.frames(F);
        long pool = 4L * 3 * 2 * matrix * Float.BYTES;

        assertTrue(estimate.features() >= pool, estimate.toString());
        assertEquals(estimate.window() + estimate.decode() + estimate.gather() + estimate.pool() + estimate.features(),
                estimate.total());
        assertEquals(0, AudioPipeline.from(sources).memoryEstimate().features());
    }

    @Test
    void featureFluxNeedsAnExtractor() {
        assertThrows(IllegalStateException.class, () -> AudioPipeline.from(sources).featureFlux());
    }

    /** A feature batch's contents, copied out; equal when their values and bookkeeping are. */
    private record Snapshot(int[] shape, float[] values, long[] sources, long[] ordinals, int[] lengths,
                            int[] frameLengths, Checkpoint checkpoint) {

        static Snapshot of(FeatureBatch batch) {
            return new Snapshot(batch.shape(), floats(batch.features()), batch.sourceIndices(), batch.ordinals(),
                    batch.lengths(), batch.frameLengths(), batch.checkpoint().orElse(null));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && Arrays.equals(shape, s.shape) && Arrays.equals(values, s.values)
                    && Arrays.equals(sources, s.sources) && Arrays.equals(ordinals, s.ordinals)
                    && Arrays.equals(frameLengths, s.frameLengths);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(sources) + Arrays.toString(ordinals);
        }
    }

    private static float[] floats(FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static List<Snapshot> run(AudioPipeline pipeline) {
        List<Snapshot> out = new ArrayList<>();
        pipeline.featureFlux().doOnNext(batch -> {
            try (batch) {
                out.add(Snapshot.of(batch));
            }
        }).blockLast(TIMEOUT);
        return out;
    }
}
