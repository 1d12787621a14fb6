package io.reactiveaudio.dsp.convolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.test.Signals;
import org.junit.jupiter.api.Test;

class FftConvolutionTest {

    /** The textbook sum, per channel, in double. */
    static float[] direct(float[] x, int channels, float[] h, int outputFrames) {
        int frames = x.length / channels;
        float[] y = new float[outputFrames * channels];
        for (int c = 0; c < channels; c++) {
            for (int n = 0; n < outputFrames; n++) {
                double sum = 0;
                for (int k = 0; k < h.length; k++) {
                    int t = n - k;
                    if (t >= 0 && t < frames) {
                        sum += (double) h[k] * x[t * channels + c];
                    }
                }
                y[n * channels + c] = (float) sum;
            }
        }
        return y;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        float peak = 0;
        for (float e : expected) {
            peak = Math.max(peak, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6f * peak, "sample " + i);
        }
    }

    @Test
    void equalsTheDirectSumOverTheFullLengthForEveryChannel() {
        float[] x = Signals.noise(1, 16_000, 2, 3_001, 0.5);
        float[] h = Signals.noise(2, 16_000, 1, 257, 0.3);
        assertClose(direct(x, 2, h, 3_001 + 256), FftConvolution.convolve(x, 2, h, 3_001 + 256));
    }

    @Test
    void returnsTheRequestedPrefix() {
        float[] x = Signals.noise(3, 16_000, 1, 1_000, 0.5);
        float[] h = Signals.noise(4, 16_000, 1, 100, 0.3);
        assertClose(direct(x, 1, h, 1_000), FftConvolution.convolve(x, 1, h, 1_000));
    }

    @Test
    void aUnitImpulseKernelIsTheIdentityAndADelayedOneShifts() {
        float[] x = Signals.noise(5, 16_000, 1, 500, 0.5);
        assertClose(x, FftConvolution.convolve(x, 1, new float[] {1f}, 500));
        float[] delayed = FftConvolution.convolve(x, 1, new float[] {0, 0, 0, 1f}, 503);
        for (int t = 0; t < 500; t++) {
            assertEquals(x[t], delayed[t + 3], 1e-6f);
        }
    }

    @Test
    void refusesAnEmptyKernelAndPartialFrames() {
        assertThrows(IllegalArgumentException.class, () -> FftConvolution.convolve(new float[4], 1, new float[0], 4));
        assertThrows(IllegalArgumentException.class, () -> FftConvolution.convolve(new float[5], 2, new float[1], 2));
    }
}
