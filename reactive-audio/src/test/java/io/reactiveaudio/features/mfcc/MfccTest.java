package io.reactiveaudio.features.mfcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.mel.MelSpectrogram;
import io.reactiveaudio.test.Signals;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The MFCC extractor: torchaudio's defaults, frame-local only without top_db, no allocation per
 * call once its scratch has grown (power-of-two n_fft).
 */
class MfccTest {

    private static final float[] CLIP = Signals.noise(4, 16_000, 1, 4_000, 0.3);

    @Test
    void defaultsAreTorchaudios() {
        Mfcc mfcc = Mfcc.builder().build();
        assertEquals(40, mfcc.bins());
        assertEquals(128, mfcc.melSpectrogram().bins());
        assertEquals(400, mfcc.stft().nFft());
        assertFalse(mfcc.transform().logMels());
        assertEquals(80, mfcc.transform().db().topDb());
        assertEquals(10, mfcc.transform().db().multiplier());
        assertFalse(mfcc.frameLocal());
        assertTrue(Mfcc.builder().logMels(true).build().frameLocal());
        assertTrue(Mfcc.builder().withoutTopDb().build().frameLocal());
    }

    @Test
    void theMelSettingsReachTheMelSpectrogramAndBuildersAreImmutable() {
        Mfcc.Builder base = Mfcc.builder().sampleRate(8_000).nFft(512).hopLength(128).nMels(40).fMax(3_000);
        Mfcc thirteen = base.nMfcc(13).lifter(22).build();
        Mfcc plain = base.build();

        MelSpectrogram mel = plain.melSpectrogram();
        assertEquals(8_000, mel.sampleRate());
        assertEquals(512, mel.stft().nFft());
        assertEquals(128, mel.stft().hopLength());
        assertEquals(40, mel.bins());
        assertEquals(40, plain.bins());
        assertEquals(0, plain.transform().lifter());
        assertEquals(13, thirteen.bins());
        assertEquals(22, thirteen.transform().lifter());
        assertEquals(60, base.topDb(60).build().transform().db().topDb());
        assertEquals(Mfcc.Builder.DEFAULT_TOP_DB, plain.transform().db().topDb());
    }

    @Test
    void moreCoefficientsThanMelBandsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mfcc.builder().nMels(20).nMfcc(40).build());
        assertTrue(e.getMessage().contains("n_mfcc"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mfcc.builder().lifter(-1));
    }

    @Test
    void withStftKeepsTheCepstralSettings() {
        Mfcc mfcc = Mfcc.builder().nMfcc(13).nMels(40).lifter(22).build();
        Mfcc uncentred = mfcc.withStft(mfcc.stft().withCenter(false, mfcc.stft().padMode()));
        assertEquals(13, uncentred.bins());
        assertEquals(22, uncentred.transform().lifter());
        assertFalse(uncentred.stft().center());
    }

    @Test
    void aWorkerAllocatesNothingOnceItsScratchHasGrown() {
        FeatureExtractor mfcc = Mfcc.builder().nMfcc(13).nFft(512).hopLength(160).nMels(40).build();
        FeatureExtractor.Worker worker = mfcc.newWorker();
        float[] out = new float[mfcc.bins() * mfcc.frames(CLIP.length)];
        for (int i = 0; i < 200; i++) {
            worker.compute(CLIP, 0, CLIP.length - i % 2, out, 0, FeatureLayout.FRAMES_BINS);
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
}
