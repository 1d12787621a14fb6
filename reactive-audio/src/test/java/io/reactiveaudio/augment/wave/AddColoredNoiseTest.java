package io.reactiveaudio.augment.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.dsp.fft.RealFft;
import io.reactiveaudio.test.Signals;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddColoredNoiseTest {

    private static final int RATE = 16_000;
    private static final int FRAMES = 1 << 17;

    /** The noise an item received: output minus the clean input. */
    private static double[] addedNoise(double fDecay, long item, double[] snrOut) {
        float[] clean = Signals.sine(RATE, 1, FRAMES, 1_000, 0.5);
        float[] noisy = clean.clone();
        AugmentContext context = AugmentContext.forItem(8, 0, item, 0);
        AddColoredNoise.of(10, 10, fDecay, fDecay).apply(Audio.mono(noisy, RATE), context);
        double[] noise = new double[FRAMES];
        double signal = 0;
        double power = 0;
        for (int t = 0; t < FRAMES; t++) {
            noise[t] = noisy[t] - clean[t];
            signal += clean[t] * clean[t];
            power += noise[t] * noise[t];
        }
        snrOut[0] = 10 * Math.log10(signal / power);
        return noise;
    }

    @ParameterizedTest
    @ValueSource(doubles = {-6.02, -3.01, 0, 3.01, 6.02})
    void eachOctaveHoldsThePowerTheSlopeSays(double fDecay) {
        double[] snr = new double[1];
        double[] spectrum = addedNoise(fDecay, 3, snr);
        assertEquals(10, snr[0], 0.01, "the SNR is exact");
        DoubleFFT_1D fft = RealFft.plan(FRAMES);
        fft.realForward(spectrum);
        int octaves = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumXX = 0;
        for (int low = 256; low < FRAMES / 2; low *= 2, octaves++) {
            double band = 0;
            for (int k = low; k < 2 * low; k++) {
                band += spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
            }
            double db = 10 * Math.log10(band);
            sumX += octaves;
            sumY += db;
            sumXY += octaves * db;
            sumXX += (double) octaves * octaves;
        }
        double slope = (octaves * sumXY - sumX * sumY) / (octaves * sumXX - sumX * sumX);
        assertEquals(fDecay + 3.01, slope, 0.2, "dB per octave band (bands double in width: +3.01 dB)");
    }

    @Test
    void rangesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> AddColoredNoise.of(10, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> AddColoredNoise.of(5, 10, -20, 0));
    }
}
