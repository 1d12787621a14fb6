package io.reactiveaudio.features.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import io.reactiveaudio.features.db.AmplitudeToDb;
import io.reactiveaudio.features.stream.StreamingExtractor;
import io.reactiveaudio.test.Signals;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Mel and log-mel extractors: torchaudio's defaults, immutable builders, both layouts, no
 * allocation per call, frame-local unless top_db is set, and streamable when frame-local.
 */
class LogMelTest {

    private static final float[] CLIP = Signals.noise(3, 16_000, 1, 4_000, 0.3);

    @Test
    void defaultsAreTorchaudios() {
        MelSpectrogram mel = MelSpectrogram.builder().build();
        assertEquals(new StftSettings(400, 400, 200, WindowFunction.HANN, true, true, PadMode.REFLECT, false),
                mel.stft());
        assertEquals(128, mel.bins());
        assertEquals(16_000, mel.sampleRate());
        assertEquals(2.0, mel.power());
        LogMel logMel = LogMel.builder().build();
        assertEquals(10, logMel.db().multiplier());
        assertEquals(1e-10, logMel.db().amin());
        assertFalse(logMel.db().hasTopDb());
        assertEquals(20, LogMel.builder().power(1).build().db().multiplier());
    }

    @Test
    void buildersAreImmutable() {
        LogMel.Builder base = LogMel.builder().nFft(512);
        LogMel withMels = base.nMels(40).build();
        LogMel plain = base.build();
        assertEquals(40, withMels.bins());
        assertEquals(128, plain.bins());
        assertEquals(512, plain.stft().nFft());
        LogMel floored = base.amin(1e-5).ref(2).build();
        assertEquals(1e-5, floored.db().amin());
        assertEquals(2, floored.db().ref());
        assertEquals(AmplitudeToDb.DEFAULT_AMIN, plain.db().amin());
        assertEquals(1, plain.db().ref());
    }

    @Test
    void topDbMakesTheExtractorClipWide() {
        assertTrue(LogMel.builder().build().frameLocal());
        assertFalse(LogMel.builder().topDb(80).build().frameLocal());
        assertTrue(LogMel.builder().topDb(80).withoutTopDb().build().frameLocal());
        assertTrue(MelSpectrogram.builder().build().frameLocal());
    }

    @Test
    void bothLayoutsHoldTheSameValues() {
        FeatureExtractor logMel = LogMel.builder().nFft(256).hopLength(64).nMels(32).topDb(60).build();
        int frames = logMel.frames(CLIP.length);
        float[] rows = compute(logMel, FeatureLayout.BINS_FRAMES);
        float[] columns = compute(logMel, FeatureLayout.FRAMES_BINS);
        for (int k = 0; k < 32; k++) {
            for (int t = 0; t < frames; t++) {
                assertEquals(rows[k * frames + t], columns[t * 32 + k], "mel " + k + " frame " + t);
            }
        }
    }

    @Test
    void aWorkerAllocatesNothingPerCall() {
        FeatureExtractor logMel = LogMel.builder().nFft(512).hopLength(160).nMels(64).topDb(80).build();
        FeatureExtractor.Worker worker = logMel.newWorker();
        float[] out = new float[logMel.bins() * logMel.frames(CLIP.length)];
        for (int i = 0; i < 200; i++) {
            worker.compute(CLIP, 0, CLIP.length, out, 0, FeatureLayout.BINS_FRAMES);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20; i++) {
            worker.compute(CLIP, 0, CLIP.length, out, 0, FeatureLayout.BINS_FRAMES);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // a per-call buffer would be kilobytes a call; the JIT may materialize a few objects once on deoptimization
        assertTrue(allocated < 20 * 64, allocated + " bytes allocated by 20 calls");
    }

    @Test
    void aFrameLocalLogMelStreamsTheOfflineFrames() {
        FeatureExtractor logMel = LogMel.builder().nFft(512).hopLength(160).nMels(40).build();
        float[] offline = compute(logMel, FeatureLayout.FRAMES_BINS);
        StreamingExtractor stream = new StreamingExtractor(logMel);
        float[] streamed = new float[offline.length];
        int written = 0;
        for (int from = 0; from < CLIP.length; from += 777) {
            int length = Math.min(777, CLIP.length - from);
            written += stream.push(CLIP, from, length, streamed, written * 40);
        }
        written += stream.finish(streamed, written * 40);
        assertEquals(logMel.frames(CLIP.length), written);
        assertArrayEquals(offline, streamed, 1e-3f);
    }

    @Test
    void badSettingsAreRefusedWithTheirTorchaudioName() {
        assertMessage("f_min", () -> MelSpectrogram.builder().fMin(9000).build());
        assertMessage("f_min", () -> MelSpectrogram.builder().fMin(-1));
        assertMessage("n_mels", () -> LogMel.builder().nMels(0));
        assertMessage("sample_rate", () -> LogMel.builder().sampleRate(0));
        assertMessage("top_db", () -> LogMel.builder().topDb(-3));
        assertMessage("amin", () -> LogMel.builder().amin(0));
        assertMessage("win_length", () -> LogMel.builder().nFft(128).winLength(400).build());
    }

    private static void assertMessage(String word, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(word), e.getMessage());
    }

    private static float[] compute(FeatureExtractor extractor, FeatureLayout layout) {
        float[] out = new float[extractor.bins() * extractor.frames(CLIP.length)];
        extractor.newWorker().compute(CLIP, 0, CLIP.length, out, 0, layout);
        return out;
    }
}
