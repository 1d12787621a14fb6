package io.reactiveaudio.features.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import org.junit.jupiter.api.Test;

/** The reference the operator tests rely on gives the textbook values. */
class NaiveSpectrogramTest {

    @Test
    void aSineOnABinPutsItsPowerInThatBinOnly() {
        int nFft = 64;
        NaiveSpectrogram spectrogram = NaiveSpectrogram.of(StftSettings.of(nFft).withCenter(false, PadMode.REFLECT)
                .withWindow(WindowFunction.RECTANGULAR, true));
        float[] sine = new float[nFft];
        for (int n = 0; n < nFft; n++) {
            sine[n] = (float) Math.cos(2 * Math.PI * 5 * n / nFft);
        }

        float[] power = TestAudio.offline(spectrogram, sine, FeatureLayout.BINS_FRAMES);

        assertEquals(33, power.length);
        for (int k = 0; k < 33; k++) {
            assertEquals(k == 5 ? (nFft / 2.0) * (nFft / 2.0) : 0, power[k], 1e-3, "bin " + k);
        }
    }

    @Test
    void centredFramesSeeThePaddingOfTheirMode() {
        float[] signal = {1, 2, 3, 4, 5, 6, 7, 8};
        StftSettings uncentred = new StftSettings(4, 4, 2, WindowFunction.RECTANGULAR, true, false, PadMode.REFLECT,
                false);
        float[][] padded = {
            {3, 2, 1, 2, 3, 4, 5, 6, 7, 8, 7, 6},
            {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0},
            {1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8},
        };
        PadMode[] modes = {PadMode.REFLECT, PadMode.CONSTANT, PadMode.EDGE};
        for (int m = 0; m < modes.length; m++) {
            float[] centred = TestAudio.offline(NaiveSpectrogram.of(uncentred.withCenter(true, modes[m])), signal,
                    FeatureLayout.FRAMES_BINS);
            float[] byHand = TestAudio.offline(NaiveSpectrogram.of(uncentred), padded[m], FeatureLayout.FRAMES_BINS);
            assertEquals(5 * 3, centred.length);
            for (int i = 0; i < centred.length; i++) {
                assertEquals(byHand[i], centred[i], 1e-4, modes[m] + " value " + i);
            }
        }
    }

    @Test
    void aWorkerRefusesAnOutputTooSmall() {
        assertThrows(IllegalArgumentException.class, () -> TestAudio.SPECTROGRAM.newWorker()
                .compute(new float[64], 0, 64, new float[10], 0, FeatureLayout.BINS_FRAMES));
    }
}
