package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.specaugment.FrequencyMasking;
import io.reactiveaudio.features.specaugment.TimeMasking;
import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.features.stage.NaiveSpectrogram;
import io.reactiveaudio.framing.WholeClip;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SpecAugment in the pipeline: the feature batches are the unmasked ones with exactly the recorded
 * masks zeroed, the same whatever the decode threads and after a resume.
 */
class AudioPipelineSpecAugmentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final FeatureExtractor SPECTROGRAM = NaiveSpectrogram.of(StftSettings.of(64).withHopLength(32));

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 8, 400, 611);
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(480).shuffle(12)
                .initialFill(4).lanes(3).batch(3).seed(7).epochs(2).features(SPECTROGRAM).augment(Gain.db(-3, 3));
    }

    @Test
    void exactlyTheRecordedBandsAndFramesOfEachItemAreZeroedAfterTheWaveformRecords() {
        List<Item> plain = items(pipeline().framing(WholeClip.of(4_000)).dropLast(false));
        List<Item> masked = items(pipeline().framing(WholeClip.of(4_000)).dropLast(false)
                .specAugment(FrequencyMasking.of(6, 2), TimeMasking.of(20, 2).maxProportion(0.5)));
        assertEquals(plain.size(), masked.size());
        int bins = SPECTROGRAM.bins();
        int maskedValues = 0;
        for (int i = 0; i < plain.size(); i++) {
            Item dry = plain.get(i);
            Item wet = masked.get(i);
            List<Applied> applied = wet.applied();
            assertEquals(dry.applied(), applied.subList(0, 1), "the waveform's Gain first");
            assertEquals(List.of("FrequencyMask", "FrequencyMask", "TimeMask", "TimeMask"),
                    applied.subList(1, 5).stream().map(Applied::transform).toList());
            for (int c = 0; c < 2; c++) {
                for (int k = 0; k < bins; k++) {
                    for (int t = 0; t < wet.frames(); t++) {
                        int at = (c * bins + k) * wet.frames() + t;
                        boolean own = t < wet.valid();
                        boolean inMask = own && (covered(applied, "FrequencyMask", "start_bin", k)
                                || covered(applied, "TimeMask", "start_frame", t));
                        if ((inMask ? 0f : dry.values()[at]) != wet.values()[at]) {
                            fail("item " + i + " (" + c + ", " + k + ", " + t + ") masked " + inMask);
                        }
                        maskedValues += inMask ? 1 : 0;
                    }
                }
            }
            for (Applied a : applied.subList(3, 5)) {
                assertTrue(a.get("width") <= Math.min(20, Math.floor(0.5 * wet.valid())), a + " of " + wet.valid());
            }
        }
        assertTrue(maskedValues > 0);
    }

    @Test
    void theMasksDoNotDependOnTheDecodeThreadsAndResumeExactly() {
        AudioPipeline pipeline = pipeline().specAugment(FrequencyMasking.of(8, 2), TimeMasking.of(4, 2));
        long one = checksum(pipeline.decode(Decode.defaults().concurrency(1)));
        assertEquals(one, checksum(pipeline.decode(Decode.defaults().concurrency(4).chunkFrames(333))));
        assertNotEquals(one, checksum(pipeline.seed(8).decode(Decode.defaults().concurrency(1))));

        List<Item> whole = items(pipeline);
        List<Checkpoint> checkpoints = new ArrayList<>();
        pipeline.featureFlux().doOnNext(f -> {
            checkpoints.add(f.checkpoint().orElseThrow());
            f.release();
        }).blockLast(TIMEOUT);
        int k = checkpoints.size() / 2;
        assertEquals(whole.subList(3 * (k + 1), whole.size()), items(pipeline.resumeFrom(checkpoints.get(k))));
    }

    private static boolean covered(List<Applied> applied, String transform, String key, int at) {
        return applied.stream().anyMatch(a -> a.transform().equals(transform) && at >= a.get(key)
                && at < a.get(key) + a.get("width"));
    }

    private static long checksum(AudioPipeline pipeline) {
        CRC32C crc = new CRC32C();
        pipeline.featureFlux().doOnNext(f -> {
            crc.update(f.bytes());
            f.release();
        }).blockLast(TIMEOUT);
        return crc.getValue();
    }

    private static List<Item> items(AudioPipeline pipeline) {
        List<Item> items = new ArrayList<>();
        pipeline.featureFlux().doOnNext(batch -> {
            try (FeatureBatch f = batch) {
                float[] all = new float[f.byteSize() / 4];
                f.features().get(all);
                int per = f.channels() * f.bins() * f.frames();
                for (int b = 0; b < f.size(); b++) {
                    items.add(new Item(Arrays.copyOfRange(all, b * per, (b + 1) * per), f.frames(),
                            f.frameLengths()[b], f.augmentations().get(b)));
                }
            }
        }).blockLast(TIMEOUT);
        return items;
    }

    /** One item's features (C, bins, frames), its valid frames and what was applied to it. */
    private record Item(float[] values, int frames, int valid, List<Applied> applied) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Item i && Arrays.equals(values, i.values) && applied.equals(i.applied);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
