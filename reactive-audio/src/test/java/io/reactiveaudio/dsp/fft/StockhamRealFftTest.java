package io.reactiveaudio.dsp.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jtransforms.fft.FloatFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transform equals the DFT sum in JTransforms' packed layout, for every mix of radices. */
class StockhamRealFftTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 6, 8, 10, 12, 18, 30, 50, 64, 90, 120, 250, 400, 480, 600, 1000})
    void itEqualsTheDftSum(int n) {
        StockhamRealFft fft = new StockhamRealFft(n);
        SplittableRandom random = new SplittableRandom(n);
        for (int trial = 0; trial < 3; trial++) {
            float[] x = new float[n];
            for (int t = 0; t < n; t++) {
                x[t] = (float) random.nextDouble(-1, 1);
            }
            float[] a = x.clone();

            fft.forward(a);

            double[] expected = packedDft(x);
            double scale = Math.sqrt(n);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], a[i], 2e-5 * scale * Math.log(n + 1), "n " + n + ", value " + i);
            }
        }
    }

    @Test
    void itEqualsJTransformsForNFft400() {
        float[] x = new float[400];
        SplittableRandom random = new SplittableRandom(4);
        for (int t = 0; t < x.length; t++) {
            x[t] = (float) random.nextGaussian() * 0.1f;
        }
        float[] ours = x.clone();
        float[] theirs = x.clone();

        new StockhamRealFft(400).forward(ours);
        new FloatFFT_1D(400).realForward(theirs);

        assertArrayEquals(theirs, ours, 2e-5f);
    }

    @Test
    void aPlanIsReusableAndItsSizesAreEvenWithSmallFactors() {
        StockhamRealFft fft = new StockhamRealFft(60);
        float[] first = new float[60];
        first[3] = 1;
        float[] again = first.clone();
        fft.forward(first);
        fft.forward(new float[60]);
        fft.forward(again);

        assertArrayEquals(first, again);
        assertTrue(StockhamRealFft.supports(400));
        assertFalse(StockhamRealFft.supports(14));
        assertFalse(StockhamRealFft.supports(401));
        assertThrows(IllegalArgumentException.class, () -> new StockhamRealFft(22));
        assertThrows(IllegalArgumentException.class, () -> fft.forward(new float[59]));
    }

    /** {@code sum_t x[t] e^(-2 pi i k t / n)} in double, packed as JTransforms packs it. */
    private static double[] packedDft(float[] x) {
        int n = x.length;
        double[] out = new double[n];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int t = 0; t < n; t++) {
                double angle = -2 * Math.PI * ((long) k * t % n) / n;
                re += x[t] * Math.cos(angle);
                im += x[t] * Math.sin(angle);
            }
            if (k == 0) {
                out[0] = re;
            } else if (k == n / 2) {
                out[1] = re;
            } else {
                out[2 * k] = re;
                out[2 * k + 1] = im;
            }
        }
        return out;
    }
}
