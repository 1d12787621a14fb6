package io.reactiveaudio.dsp.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The laned transform gives every lane the power spectrum {@link StockhamRealFft} gives that frame
 * alone, bit for bit, and leaves its input unchanged.
 */
class LanedRealFftTest {

    @ParameterizedTest(name = "n {0}, {1} lanes")
    @CsvSource({"400, 32", "400, 5", "512, 8", "480, 3", "6, 1", "2, 4"})
    void everyLaneHoldsThePowerSpectrumOfItsFrameAloneBitForBit(int n, int lanes) {
        SplittableRandom random = new SplittableRandom(n * 31L + lanes);
        float[] frames = new float[n * lanes];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = (float) (random.nextDouble() * 2 - 1);
        }
        frames[lanes - 1] = 0f;
        float[] input = frames.clone();
        float[] powers = new float[(n / 2 + 1) * lanes];

        new LanedRealFft(n, lanes).powers(frames, powers);

        assertArrayEquals(input, frames, "the input is left unchanged");
        StockhamRealFft alone = new StockhamRealFft(n);
        for (int l = 0; l < lanes; l++) {
            float[] frame = new float[n];
            for (int t = 0; t < n; t++) {
                frame[t] = frames[t * lanes + l];
            }
            alone.forward(frame);
            float[] expected = new float[n / 2 + 1];
            expected[0] = frame[0] * frame[0];
            expected[n / 2] = frame[1] * frame[1];
            for (int k = 1; k < n / 2; k++) {
                expected[k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
            }
            float[] lane = new float[n / 2 + 1];
            for (int k = 0; k <= n / 2; k++) {
                lane[k] = powers[k * lanes + l];
            }
            assertArrayEquals(expected, lane, "lane " + l);
        }
    }

    @ParameterizedTest(name = "n {0}")
    @CsvSource({"400", "8"})
    void aSineSitsInItsBin(int n) {
        int lanes = 2;
        float[] frames = new float[n * lanes];
        for (int t = 0; t < n; t++) {
            frames[t * lanes] = (float) Math.cos(2 * Math.PI * 3 * t / n);
            frames[t * lanes + 1] = 1f;
        }
        float[] powers = new float[(n / 2 + 1) * lanes];
        new LanedRealFft(n, lanes).powers(frames, powers);
        assertEquals((n / 2.0) * (n / 2.0), powers[3 * lanes], 1e-2 * n * n, "cosine in bin 3");
        assertEquals((double) n * n, powers[1], 1e-3 * n * n, "DC of the constant lane");
        assertEquals(0, powers[lanes], 1e-3 * n, "nothing in bin 1");
    }

    @ParameterizedTest(name = "n {0}, lanes {1}")
    @CsvSource({"7, 2", "14, 2", "400, 0"})
    void unsupportedSizesAndNoLanesAreRefused(int n, int lanes) {
        assertThrows(IllegalArgumentException.class, () -> new LanedRealFft(n, lanes));
    }
}
