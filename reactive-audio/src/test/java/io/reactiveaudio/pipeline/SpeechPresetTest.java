package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.framing.RandomCrop;
import io.reactiveaudio.framing.Sliding;
import io.reactiveaudio.framing.TailPolicy;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speech preset: 16 kHz mono, 30 s padded windows, log-mel n_fft 400 / hop 160 / 80 mels, a
 * window of 64 and batches of 32 by default; its feature batches are the log-mel of its own
 * resampled mono audio batches; every setting can be overridden.
 */
class SpeechPresetTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 6, 5_000, 1_700);
    }

    /** A preset small enough for a test: quarter-second windows, batches of 4, a window of 8. */
    private static AudioPipeline small(SpeechPreset preset) {
        return AudioPipeline.from(sources).preset(preset.seconds(0.25).batch(4).shuffle(8)).lanes(3).seed(5)
                .epochs(1).dropLast(false);
    }

    @Test
    void defaultsAreSixteenKilohertzMonoThirtySecondWindowsAndWhisperSizedLogMel() {
        SpeechPreset preset = SpeechPreset.logMel();
        assertEquals(16_000, preset.sampleRate());
        assertEquals(480_000, preset.segmentFrames());
        assertEquals(32, preset.batch());
        assertEquals(64, preset.shuffle());
        assertEquals(Sliding.of(480_000, 480_000).tail(TailPolicy.PAD).toString(), preset.framing().toString());
        LogMel logMel = preset.extractor();
        assertEquals(80, logMel.bins());
        assertEquals(400, logMel.stft().nFft());
        assertEquals(160, logMel.stft().hopLength());
        assertEquals(3001, logMel.frames(480_000));
        assertEquals(false, logMel.whisperScale());
        assertEquals(false, logMel.db().hasTopDb());
    }

    @Test
    void featureBatchesAreTheLogMelOfTheResampledMonoAudioBatches() {
        SpeechPreset preset = SpeechPreset.logMel();
        AudioPipeline pipeline = small(preset);
        int frames = 4_000;
        List<float[]> audio = new ArrayList<>();
        pipeline.flux().doOnNext(batch -> {
            try (batch) {
                assertEquals(16_000, batch.sampleRate());
                assertArrayEquals(new int[] {batch.size(), frames, 1}, batch.shape());
                audio.add(floats(batch.audio()));
            }
        }).blockLast(TIMEOUT);
        List<float[]> features = new ArrayList<>();
        pipeline.featureFlux().doOnNext(batch -> {
            try (batch) {
                assertArrayEquals(new int[] {batch.size(), 80, 26}, batch.shape());
                features.add(floats(batch.features()));
            }
        }).blockLast(TIMEOUT);

        LogMel logMel = preset.extractor();
        int matrix = 80 * logMel.frames(frames);
        assertEquals(audio.size(), features.size());
        assertTrue(audio.size() >= 4, "batches: " + audio.size());
        for (int n = 0; n < audio.size(); n++) {
            for (int item = 0; item < audio.get(n).length / frames; item++) {
                float[] expected = new float[matrix];
                logMel.newWorker().compute(audio.get(n), item * frames, frames, expected, 0, FeatureLayout.BINS_FRAMES);
                assertArrayEquals(expected, Arrays.copyOfRange(features.get(n), item * matrix, (item + 1) * matrix),
                        "batch " + n + " item " + item);
            }
        }
    }

    @Test
    void everySourceIsCutIntoConsecutiveWindowsTheLastOnePadded() {
        Map<Long, Integer> windows = new HashMap<>();
        small(SpeechPreset.logMel()).flux().doOnNext(batch -> {
            try (batch) {
                for (long source : batch.sourceIndices()) {
                    windows.merge(source, 1, Integer::sum);
                }
            }
        }).blockLast(TIMEOUT);
        for (int i = 0; i < sources.size(); i++) {
            long frames16k = Math.round((5_000 + 1_700 * i) * 16_000.0 / TestCorpus.rate(i));
            int expected = (int) Math.ceil(frames16k / 4_000.0);
            assertTrue(Math.abs(windows.get((long) i) - expected) <= 1,
                    "source " + i + ": " + windows.get((long) i) + " windows, about " + expected + " expected");
        }
    }

    @Test
    void randomCropsTakeKCropsOfEverySource() {
        SpeechPreset crops = SpeechPreset.logMel().randomCrops(3);
        assertEquals(RandomCrop.of(480_000).crops(3).toString(), crops.framing().toString());
        Map<Long, Integer> perSource = new HashMap<>();
        small(crops).flux().doOnNext(batch -> {
            try (batch) {
                for (long source : batch.sourceIndices()) {
                    perSource.merge(source, 1, Integer::sum);
                }
            }
        }).blockLast(TIMEOUT);
        assertEquals(sources.size(), perSource.size());
        perSource.values().forEach(count -> assertEquals(3, count));
    }

    @Test
    void settersAfterThePresetOverrideItAndThePresetsOwnSettersChangeTheFeatures() {
        AudioPipeline overridden = small(SpeechPreset.logMel().nMels(128).whisperScale(true)).batch(2);
        overridden.featureFlux().take(1).doOnNext(batch -> {
            try (batch) {
                assertArrayEquals(new int[] {2, 128, 26}, batch.shape());
                float[] values = floats(batch.features());
                int matrix = 128 * 26;
                for (int item = 0; item < 2; item++) {
                    float max = Float.NEGATIVE_INFINITY;
                    float min = Float.POSITIVE_INFINITY;
                    for (int i = item * matrix; i < (item + 1) * matrix; i++) {
                        max = Math.max(max, values[i]);
                        min = Math.min(min, values[i]);
                    }
                    assertTrue(max - min <= 2.0001f, "Whisper's clamp keeps 8 decades, 2 units: " + min + ".." + max);
                }
            }
        }).blockLast(TIMEOUT);
    }

    @Test
    void argumentsAreChecked() {
        SpeechPreset preset = SpeechPreset.logMel();
        assertEquals("nMels must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> preset.nMels(0)).getMessage());
        assertEquals("batch must be at least 1: -1",
                assertThrows(IllegalArgumentException.class, () -> preset.batch(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> preset.seconds(0));
        assertThrows(NullPointerException.class, () -> AudioPipeline.from(sources).preset(null));
    }

    private static float[] floats(FloatBuffer buffer) {
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }
}
