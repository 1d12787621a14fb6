package io.reactiveaudio.dsp.conditioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DitherTest {

    private static final int N = 200_000;

    @Test
    void theSameSeedGivesTheSameNoiseAndAnotherSeedOtherNoise() {
        Dither dither = Dither.gaussian(Dither.KALDI_AMPLITUDE);
        float[] a = new float[1_000];
        float[] b = new float[1_000];
        float[] c = new float[1_000];

        dither.apply(a, 42);
        dither.apply(b, 42);
        dither.apply(c, 43);

        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void gaussianNoiseHasTheAmplitudeAsItsStandardDeviation() {
        float[] silence = new float[N];

        Dither.gaussian(Dither.KALDI_AMPLITUDE).apply(silence, 1);

        assertEquals(0, mean(silence) / Dither.KALDI_AMPLITUDE, 0.01);
        assertEquals(Dither.KALDI_AMPLITUDE, rms(silence), 0.01 * Dither.KALDI_AMPLITUDE);
    }

    @Test
    void triangularNoiseStaysWithinTheAmplitudeWithAnRmsOfAmplitudeOverRootSix() {
        double step = 1.0 / 32_768;
        float[] silence = new float[N];

        Dither.triangular(step).apply(silence, 2);

        for (float v : silence) {
            assertTrue(Math.abs(v) < step, v + " beyond one step");
        }
        assertEquals(step / Math.sqrt(6), rms(silence), 0.01 * step);
    }

    @Test
    void addsToTheSignalOnlyWithinTheRange() {
        float[] signal = new float[10];
        Arrays.fill(signal, 0.5f);

        Dither.triangular(0.01).apply(signal, 3, 4, 7);

        for (int i = 0; i < 10; i++) {
            boolean dithered = i >= 3 && i < 7;
            assertEquals(dithered, signal[i] != 0.5f, "sample " + i);
            assertEquals(0.5, signal[i], 0.01);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Dither.triangular(0.01).apply(signal, 8, 4, 7));
        assertThrows(IllegalArgumentException.class, () -> Dither.gaussian(-1));
    }

    private static double mean(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    private static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / x.length);
    }
}
