package io.reactiveaudio.augment.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.test.Signals;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseTransformsTest {

    private static final int RATE = 16_000;

    @Test
    void theMeasuredSnrIsTheRecordedDrawWithinHalfADecibel() {
        for (long item = 0; item < 40; item++) {
            float[] clean = Signals.sine(RATE, 2, 16_000, 440 + 10 * item, 0.3);
            Audio audio = new Audio(clean.clone(), 16_000, 2, RATE);
            AugmentContext context = AugmentContext.forItem(9, 1, item, 0);
            AddGaussianSnr.db(-5, 40).apply(audio, context);
            double drawn = context.applied().get(0).get("snr_db");
            double signal = 0;
            double noise = 0;
            for (int i = 0; i < clean.length; i++) {
                signal += (double) clean[i] * clean[i];
                double n = audio.samples()[i] - clean[i];
                noise += n * n;
            }
            double measured = 10 * Math.log10(signal / noise);
            assertEquals(drawn, measured, 0.5, "item " + item);
            assertTrue(drawn >= -5 && drawn <= 40);
        }
    }

    @Test
    void silenceStaysSilentAndBadRangesAreRefused() {
        float[] silence = new float[1_000];
        AddGaussianSnr.db(0, 10).apply(Audio.mono(silence, RATE), AugmentContext.forItem(0, 0, 0, 0));
        assertArrayEquals(new float[1_000], silence, 0f);
        assertThrows(IllegalArgumentException.class, () -> AddGaussianSnr.db(10, 0));
        assertThrows(IllegalArgumentException.class, () -> AddGaussianSnr.db(0, 500));
    }

    @Test
    void theNoiseHasUnitVarianceZeroMeanAndGaussianTails() {
        float[] noise = new float[1 << 20];
        GaussianNoise.add(noise, 1f, new SplittableRandom(5));
        double sum = 0;
        double squares = 0;
        double fourth = 0;
        int beyondTwoSigma = 0;
        for (float x : noise) {
            sum += x;
            squares += x * x;
            fourth += (double) x * x * x * x;
            beyondTwoSigma += Math.abs(x) > 2 ? 1 : 0;
        }
        int n = noise.length;
        assertEquals(0, sum / n, 0.005);
        assertEquals(1, squares / n, 0.01);
        assertEquals(3, fourth / n, 0.05, "kurtosis of a normal");
        assertEquals(0.0455, beyondTwoSigma / (double) n, 0.001, "P(|x| > 2) of a normal");
    }

    @Test
    void theQuantileFunctionInvertsTheNormalCdf() {
        assertEquals(1.959963984540054, GaussianNoise.inverseNormal(0.975), 1e-12);
        assertEquals(0, GaussianNoise.inverseNormal(0.5), 1e-15);
        assertEquals(-3.090232306167813, GaussianNoise.inverseNormal(0.001), 1e-11);
        assertEquals(0.8413447460685429, GaussianNoise.cdf(1), 1e-14);
    }
}
