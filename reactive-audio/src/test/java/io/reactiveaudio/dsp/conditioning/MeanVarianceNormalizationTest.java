package io.reactiveaudio.dsp.conditioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.test.Signals;
import org.junit.jupiter.api.Test;

class MeanVarianceNormalizationTest {

    @Test
    void givesZeroMeanAndUnitVariance() {
        float[] signal = Signals.noise(1, 16_000, 1, 16_000, 0.3);
        for (int i = 0; i < signal.length; i++) {
            signal[i] = signal[i] * 0.2f + 5f;
        }
        double before = variance(signal, 0, signal.length);

        MeanVarianceNormalization.defaults().normalize(signal);

        assertEquals(0, mean(signal, 0, signal.length), 1e-6);
        // unit variance but for the epsilon: v / (v + 1e-7)
        assertEquals(before / (before + 1e-7), variance(signal, 0, signal.length), 1e-6);
    }

    @Test
    void matchesTheFormulaWithTheEpsilonInTheVariance() {
        float[] signal = {1f, 2f, 3f, 4f};
        // mean 2.5, population variance 1.25
        double scale = 1 / Math.sqrt(1.25 + 0.25);

        MeanVarianceNormalization.withEpsilon(0.25).normalize(signal);

        assertArrayEquals(new float[] {(float) (-1.5 * scale), (float) (-0.5 * scale), (float) (0.5 * scale),
            (float) (1.5 * scale)}, signal);
    }

    @Test
    void silenceStaysSilent() {
        float[] zeros = new float[1_000];

        MeanVarianceNormalization.defaults().normalize(zeros);

        assertArrayEquals(new float[1_000], zeros);
    }

    @Test
    void normalisesEachRowOfAFeatureMatrixOnItsOwn() {
        int rows = 3;
        int columns = 50;
        float[] matrix = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                matrix[r * columns + c] = (float) (10 * r + (r + 1) * Math.sin(c));
            }
        }

        MeanVarianceNormalization.defaults().normalizeRows(matrix, rows, columns);

        for (int r = 0; r < rows; r++) {
            assertEquals(0, mean(matrix, r * columns, columns), 1e-6, "row " + r);
            assertEquals(1, variance(matrix, r * columns, columns), 1e-5, "row " + r);
        }
        assertThrows(IllegalArgumentException.class, () -> MeanVarianceNormalization.defaults().normalizeRows(matrix, 4, 50));
    }

    @Test
    void normalisesOneChannelOfAnInterleavedSignalWithAStride() {
        float[] stereo = {1f, 100f, 3f, 100f, 5f, 100f};

        MeanVarianceNormalization.withEpsilon(0).normalize(stereo, 0, 3, 2);

        double scale = 1 / Math.sqrt(8.0 / 3);
        assertArrayEquals(new float[] {(float) (-2 * scale), 100f, 0f, 100f, (float) (2 * scale), 100f}, stereo);
        assertThrows(IndexOutOfBoundsException.class,
                () -> MeanVarianceNormalization.defaults().normalize(stereo, 1, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> MeanVarianceNormalization.withEpsilon(-1));
    }

    private static double mean(float[] x, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += x[i];
        }
        return sum / count;
    }

    private static double variance(float[] x, int from, int count) {
        double mean = mean(x, from, count);
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += (x[i] - mean) * (x[i] - mean);
        }
        return sum / count;
    }
}
